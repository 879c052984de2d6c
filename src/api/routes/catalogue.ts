import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Blueprint, BlueprintCategory, BlueprintDetail, BlueprintSummary, Plugin } from '../../domain/catalogue';
import { PlaybookRecord } from '../../domain/playbook';
import { catalogue, findBlueprints, getBlueprint, getPlugin } from '../../blueprints/catalogue';
import { AUTHORING_ROLES, createPlaybook } from '../../playbooks/service';
import { assertRole } from '../auth';
import { assertAvailable, blueprintReadiness } from '../../blueprints/readiness';
import { requestDeps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const listBlueprints = createRoute({
  method: 'get', path: '/blueprints', tags: ['Blueprints'], security, summary: 'The blueprint catalogue',
  request: {
    query: z.object({
      category: BlueprintCategory.optional(),
      q: z.string().max(200).optional().openapi({ description: 'Search in name, problem, systems and tags' }),
    }),
  },
  responses: { 200: jsonContent(z.object({ blueprints: z.array(BlueprintSummary) }), 'Matching blueprints'), ...errors(422) },
});

const getOne = createRoute({
  method: 'get', path: '/blueprints/{id}', tags: ['Blueprints'], security, summary: 'A blueprint with its Playbook template',
  request: { params: IdParam },
  responses: { 200: jsonContent(BlueprintDetail, 'The blueprint, and whether it can run here'), ...errors(404, 422) },
});

const ForkBody = z.strictObject({ name: z.string().min(1).max(120).optional() }).openapi('ForkRequest');

const fork = createRoute({
  method: 'post', path: '/blueprints/{id}/fork', tags: ['Blueprints'], security, summary: 'Fork into a new draft Playbook you own',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: ForkBody } } } },
  responses: { 201: jsonContent(PlaybookRecord, 'The new draft Playbook'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

const listPlugins = createRoute({
  method: 'get', path: '/plugins', tags: ['Plugins'], security, summary: 'Plugin manifests',
  responses: { 200: jsonContent(z.object({ plugins: z.array(Plugin) }), 'All plugins'), ...errors() },
});

const getPluginRoute = createRoute({
  method: 'get', path: '/plugins/{id}', tags: ['Plugins'], security, summary: 'One plugin manifest',
  request: { params: IdParam },
  responses: { 200: jsonContent(Plugin, 'The plugin'), ...errors(404, 422) },
});

export const catalogueRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listBlueprints, (c) =>
    c.json({ blueprints: findBlueprints(c.req.valid('query')).map((b) => ({ ...withoutTemplate(b), readiness: blueprintReadiness(b) })) }, 200),
  )
  .openapi(getOne, (c) => {
    const blueprint = getBlueprint(c.req.valid('param').id);
    return c.json({ ...blueprint, readiness: blueprintReadiness(blueprint) }, 200);
  })
  .openapi(fork, async (c) => {
    const blueprint = getBlueprint(c.req.valid('param').id);
    // Who may fork is answered before whether this blueprint can be forked (403 before 409).
    assertRole(c.get('user'), AUTHORING_ROLES, 'create Playbooks');
    assertAvailable(blueprint);
    const body = c.req.header('content-type') ? c.req.valid('json') : {};
    const template = { ...blueprint.playbook_template, ...(body.name ? { name: body.name } : {}) };
    return c.json(await createPlaybook(requestDeps(c), template, { source_blueprint: blueprint.id }), 201);
  })
  .openapi(listPlugins, (c) => c.json({ plugins: [...catalogue().plugins] }, 200))
  .openapi(getPluginRoute, (c) => c.json(getPlugin(c.req.valid('param').id), 200));

function withoutTemplate({ playbook_template: _template, ...summary }: Blueprint): Omit<Blueprint, 'playbook_template'> {
  return summary;
}
