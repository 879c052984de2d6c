import type { MiddlewareHandler } from 'hono';
import { principalKind } from '../domain/user';
import type { AppEnv } from './context';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Records who made each authenticated call that can change something (issue 17), after the
 * response is decided, sent with waitUntil so the caller does not wait for it. One Tenant call per
 * changing request, through that request's own stub (batching across requests would do I/O on
 * behalf of another request, and lost entries when it ends). Reads are not logged: polling a run
 * would flush the bounded log of everything that mattered.
 */
export function logRequests(): MiddlewareHandler<AppEnv> {
  return async function logRequestsMiddleware(c, next) {
    await next();
    const user = c.get('user');
    if (!user || READS.has(c.req.method)) return;
    const entry = { at: new Date().toISOString(), principal_id: user.id, principal_kind: principalKind(user.id), method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status };
    const written = c.get('tenant').logRequests([entry]).catch((error: unknown) => console.error('request log', error));
    try {
      c.executionCtx.waitUntil(written);
    } catch {
      await written; // no execution context (an app built by a test): write before answering
    }
  };
}
