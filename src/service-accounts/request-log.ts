import type { RequestLogEntry } from '../domain/request-log';
import type { User } from '../domain/user';
import { assertRole } from '../api/auth';
import type { TenantObject } from '../tenant/tenant-object';

/** The Tenant's bounded log of who changed what (src/api/request-log.ts writes it); admins only. */
export async function listRequestLog(deps: { tenant: DurableObjectStub<TenantObject>; user: User }, filter: { principal_id?: string; limit: number }): Promise<RequestLogEntry[]> {
  assertRole(deps.user, ['admin'], 'read the request log');
  return deps.tenant.listRequestLog(filter);
}
