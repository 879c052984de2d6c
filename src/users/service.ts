import { UserCard, type NewUser, type User } from '../domain/user';
import { assertRole } from '../api/auth';
import { newUserToken } from '../auth/tokens';
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
  assertRole(deps.user, ['admin'], 'create users');
  const created = await deps.tenant.createUser(user, new Date().toISOString());
  if (!created) throw new ConflictError(`A user "${user.id}" already exists`);
  return created;
}

/** The token is returned once; only its hash is kept. */
export async function issueToken(deps: Deps, userId: string, label: string): Promise<{ token: string; user_id: string; label: string; note: string }> {
  assertRole(deps.user, ['admin'], 'issue tokens');
  if (!(await deps.tenant.getUser(userId))) throw new NotFoundError('User', userId);
  const token = newUserToken();
  await deps.tenant.addToken(userId, token, label, new Date().toISOString());
  return { token, user_id: userId, label, note: 'Store this token now; it is not shown again.' };
}
