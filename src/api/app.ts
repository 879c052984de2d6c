import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors';
import { except } from 'hono/combine';
import { requireRunToken, requireUser, type RequireUserOptions } from './auth';
import { JSON_TYPES, YAML_TYPES } from './body';
import type { AppEnv } from './context';
import { errorHandler, notFoundHandler, validationHook } from './errors';
import { catalogueRoutes } from './routes/catalogue';
import { playbookRoutes } from './routes/playbooks';
import { builderRoutes } from './routes/builder';
import { userRoutes } from './routes/users';
import { serviceAccountRoutes } from './routes/service-accounts';
import { logRequests } from './request-log';
import { ARTIFACT_DOWNLOAD_PATH, downloadArtifact, runRoutes } from './routes/runs';
import { approvalRoutes } from './routes/approvals';
import { runAgainRoutes } from './routes/run-again';
import { inputRoutes } from './routes/inputs';
import { runTokenRoutes } from './routes/run-tokens';
import { toolRoutes } from './routes/tools';
import { policyRoutes } from './routes/policies';
import { vaultRoutes } from './routes/vault';
import { connectionRoutes } from './routes/connections';
import { triggerRoutes } from './routes/triggers';
import { hookRoutes } from './routes/hooks';
import { HOOKS_PREFIX } from '../triggers/paths';
import { skillRoutes } from './routes/skills';
import { mcpServerRoutes } from './routes/mcp-servers';
import { LOCAL_TABLES_PATH, localProjectRoutes } from './routes/local-project';
import { z } from '@hono/zod-openapi';
import { ErrorBody } from './errors';
import { handleMcp, mcpMethodNotAllowed } from '../mcp/server';

export const API_PREFIX = '/v1/agent-studio';
export const APP_VERSION = '0.1.0';
export const MAX_BODY_BYTES = 1024 * 1024;
const TOOL_CALL_PATH = `${API_PREFIX}/tools/:id/call`;
/** Agent Studio's MCP endpoint (Streamable HTTP), at the root where AI clients look and under the API prefix. */
export const MCP_PATHS = ['/mcp', `${API_PREFIX}/mcp`] as const;

/** Bodies are JSON or YAML everywhere in this API; say so before any handler reads one. */
function requireKnownContentType(): MiddlewareHandler<AppEnv> {
  const accepted = [...JSON_TYPES, ...YAML_TYPES];
  return async function requireKnownContentTypeMiddleware(c, next) {
    const hasBody = c.req.header('content-length') ? c.req.header('content-length') !== '0' : c.req.raw.body !== null;
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (!type || !accepted.includes(type)) throw new UnsupportedMediaTypeError(type, accepted);
    }
    await next();
  };
}

/** `options` are for tests: an app whose token cache runs on a fake clock. */
export function createApp(options: RequireUserOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(errorHandler);
  app.notFound(notFoundHandler);

  // Public and cheap: the status bar polls it. Says how to sign in, never who is signed in.
  app.get('/healthz', (c) => c.json({ ok: true, version: APP_VERSION, auth_mode: c.env.DEMO_ADMIN_TOKEN ? 'demo tokens (local)' : 'bearer tokens' }));

  // Who you are first: a stranger learns nothing, not even which bodies would be refused.
  // The tool-call endpoint takes run tokens only; every other endpoint takes user tokens only (spec §8).
  // Webhook deliveries carry no token at all: the trigger's secret verifies them (src/triggers/hooks.ts).
  app.use(`${API_PREFIX}/*`, except([TOOL_CALL_PATH, `${HOOKS_PREFIX}/*`], requireUser(options)));
  app.use(TOOL_CALL_PATH, requireRunToken());
  app.use(`${API_PREFIX}/*`, logRequests());
  // CSV uploads are streamed and limited by their own route (routes/local-project.ts).
  const jsonOnly = (middleware: MiddlewareHandler<AppEnv>) => except(`${API_PREFIX}${LOCAL_TABLES_PATH}`, middleware);
  app.use(`${API_PREFIX}/*`, jsonOnly(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new PayloadTooLargeError(MAX_BODY_BYTES); } })));
  app.use(`${API_PREFIX}/*`, jsonOnly(requireKnownContentType()));
  // The root MCP path sits outside the prefix: the same user check and body limit, put on it by hand.
  app.use(MCP_PATHS[0], requireUser(options), bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new PayloadTooLargeError(MAX_BODY_BYTES); } }));
  for (const path of MCP_PATHS) {
    app.post(path, handleMcp);
    app.on(['GET', 'DELETE'], path, mcpMethodNotAllowed);
  }

  const resources = [
    userRoutes, serviceAccountRoutes, builderRoutes, playbookRoutes, inputRoutes, catalogueRoutes, runRoutes, runAgainRoutes, approvalRoutes, runTokenRoutes, toolRoutes,
    policyRoutes, vaultRoutes, connectionRoutes, triggerRoutes, hookRoutes, skillRoutes, localProjectRoutes, mcpServerRoutes,
  ];
  for (const routes of resources) app.route(API_PREFIX, routes);
  app.get(`${API_PREFIX}${ARTIFACT_DOWNLOAD_PATH}`, downloadArtifact);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: `${API_PREFIX}/runs/{id}/artifacts/{path}`,
    tags: ['Runs'],
    summary: 'Download a workspace file (ETag; If-None-Match gives 304)',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.string(), path: z.string().openapi({ description: 'Relative path; may contain "/"' }) }) },
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      304: { description: 'Not modified' },
      400: { description: 'Bad path (traversal, encoding)', content: { 'application/json': { schema: ErrorBody } } },
      401: { description: 'Missing or invalid bearer token', content: { 'application/json': { schema: ErrorBody } } },
      404: { description: 'Not found, or not visible to you', content: { 'application/json': { schema: ErrorBody } } },
    },
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A user token (admin, author or runner). Run tokens are only for POST /tools/{id}/call.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'standardWebhooks', {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description: 'Standard Webhooks: HMAC-SHA256 with the trigger secret over "<webhook-id>.<webhook-timestamp>.<body>", sent with webhook-id and webhook-timestamp.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Agent Studio API', version: '1.0.0', description: 'Governed, data-native AI automations (Playbooks).' },
    servers: [{ url: '/' }],
  });
  return app;
}
