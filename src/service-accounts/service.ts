import { serviceAccountExpiry, type IssuedServiceAccount, type NewServiceAccount, type ServiceAccount } from '../domain/service-account';
import { SERVICE_ACCOUNT_PREFIX, type User } from '../domain/user';
import { assertPrincipalAdmin } from '../api/auth';
import { newUserToken, randomId } from '../auth/tokens';
import { NotFoundError } from '../errors';
import type { TenantObject } from '../tenant/tenant-object';

type Deps = { tenant: DurableObjectStub<TenantObject>; user: User };

const NOTE = 'Store this token now; it is not shown again.';

/**
 * Machine principals (issue 17): a Keboola component or a scheduler calls the API with a
 * service-account token through the same requireUser() as people. Admin only, like user tokens.
 */
export async function createServiceAccount(deps: Deps, request: NewServiceAccount): Promise<IssuedServiceAccount> {
  assertPrincipalAdmin(deps.user, 'create service accounts');
  const now = Date.now();
  const token = newUserToken();
  const account = await deps.tenant.createServiceAccount(
    {
      id: randomId(SERVICE_ACCOUNT_PREFIX.slice(0, -1)), name: request.name, role: request.role, playbooks: request.playbooks,
      created_by: deps.user.id, expires_at: serviceAccountExpiry(request, now),
    },
    token, new Date(now).toISOString(),
  );
  return { service_account: account, token, note: NOTE };
}

export async function listServiceAccounts(deps: Deps): Promise<ServiceAccount[]> {
  assertPrincipalAdmin(deps.user, 'list service accounts');
  return deps.tenant.listServiceAccounts(new Date().toISOString());
}

/**
 * A new token; the old one stops working at once in every isolate, since service-account tokens
 * are never cached (src/auth/user-token-cache.ts). A revoked account is a 404.
 */
export async function rotateServiceAccount(deps: Deps, id: string): Promise<IssuedServiceAccount> {
  assertPrincipalAdmin(deps.user, 'rotate service-account tokens');
  const now = new Date().toISOString();
  const token = newUserToken();
  if (!(await deps.tenant.rotateServiceAccount(id, token, now))) throw new NotFoundError('Service account', id);
  return { service_account: (await deps.tenant.getServiceAccount(id, now))!, token, note: NOTE };
}

/** Revokes at once in every isolate (service-account tokens are never cached). The account stays listed, revoked. */
export async function revokeServiceAccount(deps: Deps, id: string): Promise<void> {
  assertPrincipalAdmin(deps.user, 'revoke service accounts');
  if (!(await deps.tenant.revokeServiceAccount(id, new Date().toISOString()))) throw new NotFoundError('Service account', id);
}
