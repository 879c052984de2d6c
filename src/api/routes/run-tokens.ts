import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { mintRunToken } from '../../broker/mint';
import { RunTokenClaims } from '../../broker/run-token';
import { requestDeps, type AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const IssuedRunToken = z
  .object({ token: z.string().openapi({ description: 'Shown only in this response' }), claims: RunTokenClaims })
  .openapi('IssuedRunToken');

const issue = createRoute({
  method: 'post', path: '/runs/{id}/token', tags: ['Runs'], security,
  summary: 'Mint a scoped run token (for POST /tools/{id}/call) limited to the run\'s allowed tools and its wall-clock budget',
  request: { params: IdParam },
  responses: {
    201: jsonContent(IssuedRunToken, 'The token and its claims'),
    ...errors(404, 409, 413, 415, 422),
    503: jsonContent(ErrorBody, 'Run tokens are not configured on this deployment (RUN_TOKEN_SECRET)'),
  },
});

export const runTokenRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(issue, async (c) => c.json(await mintRunToken(requestDeps(c), c.req.valid('param').id), 201));
