import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { IssuedTriggerSecret } from '../../domain/trigger';
import { ErrorBody } from '../errors';
import { TriggerPatch, TriggerStatus } from '../../triggers/schemas';
import * as triggers from '../../triggers/service';
import { requestDeps as deps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Triggers'];

const TriggerParams = IdParam.extend({
  trigger_id: z.string().min(1).max(128).openapi({ param: { name: 'trigger_id', in: 'path' }, description: 'The public id (trg_...) or the key' }),
});

const list = createRoute({
  method: 'get', path: '/playbooks/{id}/triggers', tags, security, summary: 'The Playbook\'s triggers: enabled, next fire, webhook URL, availability',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ triggers: z.array(TriggerStatus) }), 'Every trigger of the current revision'), ...errors(404, 422) },
});

const patch = createRoute({
  method: 'patch', path: '/playbooks/{id}/triggers/{trigger_id}', tags, security,
  summary: 'Enable or disable one trigger (owner or admin); holds until the Playbook changes that trigger\'s own flag',
  request: { params: TriggerParams, body: { required: true, content: { 'application/json': { schema: TriggerPatch } } } },
  responses: { 200: jsonContent(TriggerStatus, 'The trigger after the change'), ...errors(400, 403, 404, 413, 415, 422) },
});

const rotate = createRoute({
  method: 'post', path: '/playbooks/{id}/triggers/{trigger_id}/secret', tags, security,
  summary: 'Issue a new webhook secret (owner or admin); shown in this response only, and the old one stops working',
  request: { params: TriggerParams },
  responses: {
    201: jsonContent(IssuedTriggerSecret, 'The new secret'),
    ...errors(403, 404, 409, 413, 415, 422),
    503: jsonContent(ErrorBody, 'The vault key (Worker secret VAULT_KEY) is not configured, so no secret can be stored'),
  },
});

/** The absolute origin webhook URLs are shown under: the one this request came to. */
const originOf = (url: string) => new URL(url).origin;

export const triggerRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => c.json({ triggers: await triggers.listTriggers(deps(c), c.req.valid('param').id, originOf(c.req.url)) }, 200))
  .openapi(patch, async (c) => {
    const { id, trigger_id } = c.req.valid('param');
    return c.json(await triggers.setTriggerEnabled(deps(c), id, trigger_id, c.req.valid('json').enabled, originOf(c.req.url)), 200);
  })
  .openapi(rotate, async (c) => {
    const { id, trigger_id } = c.req.valid('param');
    return c.json(await triggers.rotateTriggerSecret(deps(c), id, trigger_id), 201);
  });
