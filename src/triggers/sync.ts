import type { Env } from '../env';
import type { IssuedTriggerSecret } from '../domain/trigger';
import type { PlaybookSpec } from '../domain/playbook';
import type { TenantObject } from '../tenant/tenant-object';
import { fromRpc } from '../errors';
import { triggerEntries } from './entries';
import { issueMissingSecrets } from './secrets';
import { syncJobSubscriptions } from './keboola-subscriptions';
import type { TriggerRow } from './store';

/**
 * Called by the Playbook service when a revision is published (a create publishes revision 1
 * unless `?publish=false`; POST /playbooks/{id}/publish) or the Playbook is deleted (spec null):
 * the Tenant's trigger registry follows the published revision, never a draft, and hook triggers
 * new in it get their secret, returned here so the response that published them can show it —
 * once. Job triggers' Keboola notification subscriptions follow (keboola-subscriptions.ts).
 */
export async function syncTriggers(
  deps: { env: Env; tenant: DurableObjectStub<TenantObject>; now?: () => Date },
  playbookId: string,
  spec: Pick<PlaybookSpec, 'triggers'> | null,
): Promise<{ trigger_secrets?: IssuedTriggerSecret[] }> {
  const now = (deps.now?.() ?? new Date()).getTime();
  const rows = fromRpc<TriggerRow[]>(await deps.tenant.syncTriggers(playbookId, triggerEntries(spec?.triggers ?? []), now));
  const issued = await issueMissingSecrets(deps.env, deps.tenant, rows);
  // After the secrets: a job trigger's notification URL is derived from its secret.
  await syncJobSubscriptions(deps.env, deps.tenant, playbookId, issued.length > 0 ? fromRpc<TriggerRow[]>(await deps.tenant.listTriggers(playbookId)) : rows);
  return issued.length > 0 ? { trigger_secrets: issued } : {};
}
