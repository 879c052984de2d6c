import type { Context, MiddlewareHandler } from 'hono';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { Role, User } from '../domain/user';
import { verifyRunToken } from '../broker/run-token';
import { userTokens as isolateUserTokens, type UserTokenCache } from '../auth/user-token-cache';
import { tenantStub, type AppEnv } from './context';

/** Run tokens are JWTs; user tokens are opaque random strings. The shape alone tells the two types apart. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function bearerToken(c: Context<AppEnv>): string {
  const match = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new UnauthorizedError('Missing bearer token: send "Authorization: Bearer <token>"');
  return match[1];
}

export type RequireUserOptions = {
  /** Where token lookups are remembered; the isolate's cache unless a test brings its own clock. */
  userTokens?: UserTokenCache;
};

/**
 * Resolves `Authorization: Bearer <user or service-account token>` to a principal (a service
 * account is user-shaped, `kind: 'service_account'`, so every route behind this accepts it); run tokens are a different type and are
 * refused here (spec §8). The Tenant is asked only when the isolate has not seen the token in the
 * last few seconds (src/auth/user-token-cache.ts).
 */
export function requireUser(options: RequireUserOptions = {}): MiddlewareHandler<AppEnv> {
  const userTokens = options.userTokens ?? isolateUserTokens;
  return async function requireUserMiddleware(c, next) {
    const token = bearerToken(c);
    if (JWT_SHAPE.test(token)) throw new UnauthorizedError('Run tokens are not accepted on user endpoints');
    const tenant = tenantStub(c.env);
    const found = await userTokens.check(token, (t) => tenant.authenticate(t));
    if (found.kind === 'expired') throw new UnauthorizedError(`The bearer token expired at ${found.expired_at}; ask an admin for a new one`);
    if (found.kind === 'unknown') throw new UnauthorizedError('The bearer token is not valid');
    c.set('user', found.user);
    c.set('tenant', tenant);
    c.set('userTokens', userTokens);
    await next();
  };
}

/**
 * For the one endpoint external callers reach with a run token (spec §6, §8): the token verifies,
 * else 401. Whether its run exists, is live and belongs to the token's Playbook the run object
 * itself checks when the call reaches it (PlaybookRun.externalCall, 401), so no Tenant call is on
 * this path. What the token allows is the handler's business (403).
 */
export function requireRunToken(): MiddlewareHandler<AppEnv> {
  return async function requireRunTokenMiddleware(c, next) {
    const token = bearerToken(c);
    if (!JWT_SHAPE.test(token)) throw new UnauthorizedError('User tokens are not accepted here: this endpoint takes a run token (POST /v1/agent-studio/runs/{id}/token)');
    c.set('runToken', await verifyRunToken(c.env, token));
    await next();
  };
}

export function assertRole(user: User, roles: readonly Role[], action: string): void {
  if (!roles.includes(user.role)) throw new ForbiddenError(`Your role "${user.role}" may not ${action}; it needs ${roles.join(' or ')}`);
}

/**
 * Minting principals (users, tokens, service accounts) hands out authority: a service account
 * limited to some Playbooks may not, even with the admin role, or it could mint itself an unlimited one.
 */
export function assertPrincipalAdmin(user: User, action: string): void {
  assertRole(user, ['admin'], action);
  if (user.allowed_playbooks) throw new ForbiddenError(`A service account limited to some Playbooks may not ${action}`);
}
