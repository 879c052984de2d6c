import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { IssuedServiceAccount, NewServiceAccount, ServiceAccountId, ServiceAccountList } from '../../domain/service-account';
import { RequestLogEntry, RequestLogQuery } from '../../domain/request-log';
import * as accounts from '../../service-accounts/service';
import { listRequestLog } from '../../service-accounts/request-log';
import { requestDeps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Service accounts'];

const Params = z.object({ id: ServiceAccountId.openapi({ param: { name: 'id', in: 'path' }, example: 'sa_ab12cd34' }) });

const create = createRoute({
  method: 'post', path: '/service-accounts', tags, security, summary: 'Create a service account (admin): a machine principal with a role, Playbooks and an expiry; its token is shown once',
  request: { body: { required: true, content: { 'application/json': { schema: NewServiceAccount } } } },
  responses: { 201: jsonContent(IssuedServiceAccount, 'The account and its token, shown only in this response'), ...errors(400, 403, 413, 415, 422) },
});

const list = createRoute({
  method: 'get', path: '/service-accounts', tags, security, summary: 'Service accounts with their last use; never a token (admin)',
  responses: { 200: jsonContent(ServiceAccountList, 'Every service account, revoked and expired ones included'), ...errors(403) },
});

const rotate = createRoute({
  method: 'post', path: '/service-accounts/{id}/rotate', tags, security, summary: 'Issue a new token (admin); the old one is refused from then on',
  request: { params: Params },
  responses: { 200: jsonContent(IssuedServiceAccount, 'The new token, shown only in this response'), ...errors(403, 404, 413, 415, 422) },
});

const revoke = createRoute({
  method: 'delete', path: '/service-accounts/{id}', tags, security, summary: 'Revoke a service account (admin); its token is refused from then on',
  request: { params: Params },
  responses: { 204: { description: 'Revoked' }, ...errors(403, 404, 422) },
});

const requestLog = createRoute({
  method: 'get', path: '/request-log', tags, security, summary: 'Who made the latest calls that change something: user or service account (admin; the newest 1,000 kept)',
  request: { query: RequestLogQuery },
  responses: { 200: jsonContent(z.object({ entries: z.array(RequestLogEntry) }), 'Newest first'), ...errors(403, 422) },
});

export const serviceAccountRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(create, async (c) => c.json(await accounts.createServiceAccount(requestDeps(c), c.req.valid('json')), 201))
  .openapi(list, async (c) => c.json({ service_accounts: await accounts.listServiceAccounts(requestDeps(c)) }, 200))
  .openapi(rotate, async (c) => c.json(await accounts.rotateServiceAccount(requestDeps(c), c.req.valid('param').id), 200))
  .openapi(revoke, async (c) => {
    await accounts.revokeServiceAccount(requestDeps(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(requestLog, async (c) => c.json({ entries: await listRequestLog(requestDeps(c), c.req.valid('query')) }, 200));
