import { UserCard, tokenExpiry, type IssuedToken, type NewUser, type TokenInfo, type TokenRequest, type User } from '../domain/user';
import { assertPrincipalAdmin, assertRole } from '../api/auth';
import { newUserToken } from '../auth/tokens';
import type { UserTokenCache } from '../auth/user-token-cache';
import { ConflictError, NotFoundError } from '../errors';
import type { TenantObject } from '../tenant/tenant-object';

type Deps = { tenant: DurableObjectStub<TenantObject>; user: User };

/** Least privilege: admins get the directory, authors only what sharing needs, runners nothing. */
export async function listUsers(deps: Deps): Promise<User[] | UserCard[]> {
  assertRole(deps.user, ['admin', 'author'], 'list users');
  const users = await deps.tenant.listUsers();
  return deps.user.role === 'admin' ? users : users.map((user) => UserCard.parse(user));
}

export async function createUser(deps: Deps, user: NewUser): Promise<User> {
  assertPrincipalAdmin(deps.user, 'create users');
  const created = await deps.tenant.createUser(user, new Date().toISOString());
  if (!created) throw new ConflictError(`A user "${user.id}" already exists`);
  return created;
}

/** The token is returned once; only its hash (and its last four characters) are kept. */
export async function issueToken(deps: Deps, userId: string, request: TokenRequest): Promise<IssuedToken> {
  assertPrincipalAdmin(deps.user, 'issue tokens');
  await existingUser(deps, userId);
  const now = Date.now();
  const expiresAt = tokenExpiry(request, now);
  const token = newUserToken();
  const id = await deps.tenant.addToken(userId, token, request.label, new Date(now).toISOString(), expiresAt);
  return { token, id, user_id: userId, label: request.label, expires_at: expiresAt, note: 'Store this token now; it is not shown again.' };
}

export async function listTokens(deps: Deps, userId: string): Promise<TokenInfo[]> {
  assertRole(deps.user, ['admin'], 'list tokens');
  await existingUser(deps, userId);
  return deps.tenant.listTokens(userId, new Date().toISOString());
}

/**
 * Revokes at once in this isolate (its cache forgets the token); other isolates trust their cached
 * answer for at most the cache TTL (src/auth/user-token-cache.ts). Another user's token id is a 404,
 * the same as one that never existed.
 */
export async function revokeToken(deps: Deps & { userTokens: UserTokenCache }, userId: string, tokenId: string): Promise<void> {
  assertPrincipalAdmin(deps.user, 'revoke tokens');
  const hash = await deps.tenant.revokeToken(userId, tokenId);
  if (!hash) throw new NotFoundError('Token', tokenId);
  deps.userTokens.invalidateHash(hash);
}

async function existingUser(deps: Deps, userId: string): Promise<void> {
  if (!(await deps.tenant.getUser(userId))) throw new NotFoundError('User', userId);
}
