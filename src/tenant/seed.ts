import type { Env } from '../env';
import type { TenantObject } from './tenant-object';

const DEMO_USERS = [
  { id: 'ada', name: 'Ada Admin', role: 'admin', groups: ['platform'], token: 'DEMO_ADMIN_TOKEN' },
  { id: 'dana', name: 'Dana Engineer', role: 'author', groups: ['data-engineering'], token: 'DEMO_AUTHOR_TOKEN' },
  { id: 'carl', name: 'Carl Controller', role: 'runner', groups: ['finance'], token: 'DEMO_RUNNER_TOKEN' },
] as const;

/**
 * Local development: each demo user whose token `npm start` generated exists and accepts it
 * (idempotent, so regenerated tokens keep working). A deployment instead creates its first
 * admin from BOOTSTRAP_ADMIN_TOKEN, once, when the tenant has no users.
 */
export async function seedUsers(tenant: TenantObject, env: Env): Promise<void> {
  const now = new Date().toISOString();
  for (const { token, ...user } of DEMO_USERS) {
    const value = env[token];
    if (!value) continue;
    tenant.createUser({ ...user, groups: [...user.groups] }, now);
    await tenant.addToken(user.id, value, 'demo', now);
  }
  if (env.BOOTSTRAP_ADMIN_TOKEN && tenant.userCount() === 0) {
    tenant.createUser({ id: 'admin', name: 'Administrator', role: 'admin', groups: [] }, now);
    await tenant.addToken('admin', env.BOOTSTRAP_ADMIN_TOKEN, 'bootstrap', now);
  }
}
