import type { Context, MiddlewareHandler } from 'hono';
import { ForbiddenError, UnauthorizedError, fromRpc } from '../errors';
import type { Role, User } from '../domain/user';
import type { Run } from '../domain/run';
import { verifyRunToken } from '../broker/run-token';
import { isTerminal } from '../run/status';
import { tenantStub, type AppEnv } from './context';

/** Run tokens are JWTs; user tokens are opaque random strings. The shape alone tells the two types apart. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function bearerToken(c: Context<AppEnv>): string {
  const match = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new UnauthorizedError('Missing bearer token: send "Authorization: Bearer <token>"');
  return match[1];
}

/** Resolves `Authorization: Bearer <user token>` to a user; run tokens are a different type and are refused here (spec §8). */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUserMiddleware(c, next) {
    const token = bearerToken(c);
    if (JWT_SHAPE.test(token)) throw new UnauthorizedError('Run tokens are not accepted on user endpoints');
    const tenant = tenantStub(c.env);
    const user = await tenant.authenticate(token);
    if (!user) throw new UnauthorizedError('The bearer token is not valid');
    c.set('user', user);
    c.set('tenant', tenant);
    await next();
  };
}

/**
 * For the one endpoint external callers reach with a run token (spec §6, §8): the token verifies
 * and its run is still live, else 401. What the token allows is the handler's business (403).
 */
export function requireRunToken(): MiddlewareHandler<AppEnv> {
  return async function requireRunTokenMiddleware(c, next) {
    const token = bearerToken(c);
    if (!JWT_SHAPE.test(token)) throw new UnauthorizedError('User tokens are not accepted here: this endpoint takes a run token (POST /v1/agent-studio/runs/{id}/token)');
    const claims = await verifyRunToken(c.env, token);
    const run = fromRpc<Run | null>(await tenantStub(c.env).getRun(claims.run_id));
    if (!run || run.playbook_id !== claims.playbook_id) throw new UnauthorizedError('Run token names a run that does not exist');
    if (isTerminal(run.status)) throw new UnauthorizedError(`Run token belongs to a run that has ended (${run.status})`);
    c.set('runToken', claims);
    await next();
  };
}

export function assertRole(user: User, roles: readonly Role[], action: string): void {
  if (!roles.includes(user.role)) throw new ForbiddenError(`Your role "${user.role}" may not ${action}; it needs ${roles.join(' or ')}`);
}
