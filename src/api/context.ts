import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../env';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import type { RunTokenClaims } from '../broker/run-token';
import type { UserTokenCache } from '../auth/user-token-cache';

/** What every authenticated handler can read from the context. */
export type AppEnv = {
  Bindings: Env;
  // `user`, `tenant` and `userTokens` (the cache that resolved the user; a revocation tells it) are set by
  // requireUser; `runToken` only by requireRunToken (POST /tools/{id}/call).
  Variables: { user: User; tenant: DurableObjectStub<TenantObject>; userTokens: UserTokenCache; runToken: RunTokenClaims };
};

export type AppRouter = OpenAPIHono<AppEnv>;

export function tenantStub(env: Env): DurableObjectStub<TenantObject> {
  return env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
}

type HasAppContext = { env: Env; get: <K extends keyof AppEnv['Variables']>(key: K) => AppEnv['Variables'][K] };

/** What domain functions need from a request: bindings, the tenant and the caller. */
export function requestDeps(c: HasAppContext): { env: Env; tenant: DurableObjectStub<TenantObject>; user: User } {
  return { env: c.env, tenant: c.get('tenant'), user: c.get('user') };
}
