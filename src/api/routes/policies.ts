import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { PolicyPatch, PolicyView, readPolicies, updatePolicies } from '../../broker/tenant-policy';
import { requestDeps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Policies'];

const get = createRoute({
  method: 'get', path: '/policies', tags, security, summary: 'The tenant\'s decision per risk class, its overrides, the defaults and the floors',
  responses: { 200: jsonContent(PolicyView, 'The tenant policy'), ...errors() },
});

const patch = createRoute({
  method: 'patch', path: '/policies', tags, security,
  summary: 'Change the tenant\'s risk policy (admin); null resets a class to its default; never below a floor',
  request: { body: { required: true, content: { 'application/json': { schema: PolicyPatch } } } },
  responses: { 200: jsonContent(PolicyView, 'The tenant policy after the change'), ...errors(400, 403, 413, 415, 422) },
});

export const policyRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(get, async (c) => c.json(await readPolicies(requestDeps(c)), 200))
  .openapi(patch, async (c) => c.json(await updatePolicies(requestDeps(c), c.req.valid('json')), 200));
