import type { MiddlewareHandler } from 'hono';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { Role, User } from '../domain/user';
import { tenantStub, type AppEnv } from './context';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Resolves `Authorization: Bearer <user token>` to a user; run tokens are a different type and are refused here (spec §8). */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUserMiddleware(c, next) {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) throw new UnauthorizedError('Missing bearer token: send "Authorization: Bearer <token>"');
    const token = match[1];
    if (JWT_SHAPE.test(token)) throw new UnauthorizedError('Run tokens are not accepted on user endpoints');
    const tenant = tenantStub(c.env);
    const user = await tenant.authenticate(token);
    if (!user) throw new UnauthorizedError('The bearer token is not valid');
    c.set('user', user);
    c.set('tenant', tenant);
    await next();
  };
}

export function assertRole(user: User, roles: readonly Role[], action: string): void {
  if (!roles.includes(user.role)) throw new ForbiddenError(`Your role "${user.role}" may not ${action}; it needs ${roles.join(' or ')}`);
}
