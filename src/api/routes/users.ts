import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { IssuedToken, NewUser, TokenId, TokenInfo, TokenRequest, User, UserCard } from '../../domain/user';
import * as users from '../../users/service';
import { requestDeps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Users'];

const Me = User.extend({ tenant: z.string().openapi({ description: 'The tenant (installation) you are signed in to' }) }).openapi('Me');

const me = createRoute({
  method: 'get', path: '/me', tags, security, summary: 'The signed-in user and tenant',
  responses: { 200: jsonContent(Me, 'You'), ...errors() },
});

const list = createRoute({
  method: 'get', path: '/users', tags, security, summary: 'The user directory (for sharing and approver groups; admin or author)',
  responses: {
    200: jsonContent(z.object({ users: z.union([z.array(User), z.array(UserCard)]) }), 'All users: in full for an admin, id, name and groups for an author'),
    ...errors(403),
  },
});

const create = createRoute({
  method: 'post', path: '/users', tags, security, summary: 'Create a user (admin)',
  request: { body: { required: true, content: { 'application/json': { schema: NewUser } } } },
  responses: { 201: jsonContent(User, 'Created'), ...errors(400, 403, 409, 413, 415, 422) },
});

const issue = createRoute({
  method: 'post', path: '/users/{id}/tokens', tags, security, summary: 'Issue a bearer token for a user (admin); shown once',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: TokenRequest } } } },
  responses: { 201: jsonContent(IssuedToken, 'The token, shown only in this response'), ...errors(400, 403, 404, 413, 415, 422) },
});

const listTokens = createRoute({
  method: 'get', path: '/users/{id}/tokens', tags, security, summary: 'A user\'s tokens: label, dates, last four characters; never the token (admin)',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ tokens: z.array(TokenInfo) }), 'Every token of the user, expired ones included'), ...errors(403, 404, 422) },
});

const TokenParams = IdParam.extend({ token_id: TokenId.openapi({ param: { name: 'token_id', in: 'path' }, example: 'tok_ab12cd34' }) });

const revoke = createRoute({
  method: 'delete', path: '/users/{id}/tokens/{token_id}', tags, security, summary: 'Revoke a user\'s token (admin); it is refused from then on',
  request: { params: TokenParams },
  responses: { 204: { description: 'Revoked' }, ...errors(403, 404, 422) },
});

export const userRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(me, (c) => c.json({ ...c.get('user'), tenant: c.env.TENANT_ID }, 200))
  .openapi(list, async (c) => c.json({ users: await users.listUsers(requestDeps(c)) }, 200))
  .openapi(create, async (c) => c.json(await users.createUser(requestDeps(c), c.req.valid('json')), 201))
  .openapi(issue, async (c) => {
    const request = c.req.header('content-type') ? c.req.valid('json') : TokenRequest.parse({});
    return c.json(await users.issueToken(requestDeps(c), c.req.valid('param').id, request), 201);
  })
  .openapi(listTokens, async (c) => c.json({ tokens: await users.listTokens(requestDeps(c), c.req.valid('param').id) }, 200))
  .openapi(revoke, async (c) => {
    const { id, token_id } = c.req.valid('param');
    await users.revokeToken({ ...requestDeps(c), userTokens: c.get('userTokens') }, id, token_id);
    return c.body(null, 204);
  });
