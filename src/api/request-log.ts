import type { MiddlewareHandler } from 'hono';
import type { RequestLogEntry } from '../domain/request-log';
import { principalKind } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import type { AppEnv } from './context';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Entry = Omit<RequestLogEntry, 'seq'>;

/** Entries not yet sent to the Tenant; calls that end while a batch waits join it. */
const pending: Entry[] = [];
let batch: Promise<void> | null = null;

/** One Tenant call per batch, not per request: the Tenant serialises every call (issue 12). */
function flush(tenant: DurableObjectStub<TenantObject>): Promise<void> {
  batch ??= (async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const entries = pending.splice(0);
    batch = null;
    await tenant.logRequests(entries);
  })().catch((error: unknown) => console.error('request log', error));
  return batch;
}

/**
 * Records who made each authenticated call that can change something (issue 17), after the
 * response is decided and sent (waitUntil). Reads are not logged: polling a run would flush the
 * bounded log of everything that mattered.
 */
export function logRequests(): MiddlewareHandler<AppEnv> {
  return async function logRequestsMiddleware(c, next) {
    await next();
    const user = c.get('user');
    if (!user || READS.has(c.req.method)) return;
    pending.push({ at: new Date().toISOString(), principal_id: user.id, principal_kind: principalKind(user.id), method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status });
    const written = flush(c.get('tenant'));
    try {
      c.executionCtx.waitUntil(written);
    } catch {
      await written; // no execution context (an app built by a test): write before answering
    }
  };
}
