import type { Env } from '../env';
import type { IssuedTriggerSecret } from '../domain/trigger';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import { canEdit } from '../playbooks/access';
import { visiblePlaybook } from '../playbooks/service';
import { ConflictError, ForbiddenError, NotFoundError, fromRpc } from '../errors';
import { HOOK_TYPES, unavailableReason } from './entries';
import { webhookPath } from './paths';
import { issueSecret } from './secrets';
import { subscriptionStates, syncJobSubscriptions } from './keboola-subscriptions';
import type { TriggerStatus } from './schemas';
import type { TriggerRow } from './store';

/** The Schedule & Trigger API (spec §7): who sees a Playbook sees its triggers; its owner or an admin changes them. */

type Deps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User };

export async function listTriggers(deps: Deps, playbookId: string, origin: string): Promise<TriggerStatus[]> {
  await visiblePlaybook(deps, playbookId);
  const [rows, subscriptions] = await Promise.all([deps.tenant.listTriggers(playbookId).then((r) => fromRpc<TriggerRow[]>(r)), subscriptionStates(deps.env, playbookId)]);
  return rows.map((row) => {
    const status = statusOf(row, origin, Boolean(deps.env.VAULT_KEY));
    const subscription = subscriptions.get(row.id);
    return subscription ? { ...status, notification_subscription: subscription } : status;
  });
}

export async function setTriggerEnabled(deps: Deps, playbookId: string, triggerId: string, enabled: boolean, origin: string): Promise<TriggerStatus> {
  const trigger = await editableTrigger(deps, playbookId, triggerId);
  const row = fromRpc<TriggerRow | null>(await deps.tenant.setTriggerEnabled(trigger.id, enabled, Date.now()));
  if (!row) throw new NotFoundError('Trigger', triggerId);
  // A disabled job trigger needs no notifications: its subscription goes, and comes back when enabled.
  if (row.type === 'keboola.job_finished') await syncJobSubscriptions(deps.env, deps.tenant, row.playbook_id, fromRpc<TriggerRow[]>(await deps.tenant.listTriggers(row.playbook_id)));
  return statusOf(row, origin, Boolean(deps.env.VAULT_KEY));
}

/** A new secret replaces the old one at once (deliveries signed with the old one get 401 from now on). */
export async function rotateTriggerSecret(deps: Deps, playbookId: string, triggerId: string): Promise<IssuedTriggerSecret> {
  const trigger = await editableTrigger(deps, playbookId, triggerId);
  if (!HOOK_TYPES.includes(trigger.type)) {
    throw new ConflictError(`Trigger "${triggerId}" is a ${trigger.type} trigger; only ${HOOK_TYPES.join(' and ')} triggers have a secret`);
  }
  const issued = await issueSecret(deps.env, deps.tenant, trigger, true);
  if (!issued) throw new NotFoundError('Trigger', triggerId);
  // The notification URL changed with the secret: the subscription moves to the new one.
  await syncJobSubscriptions(deps.env, deps.tenant, trigger.playbook_id, fromRpc<TriggerRow[]>(await deps.tenant.listTriggers(trigger.playbook_id)));
  return issued;
}

/** By public id or by key; a trigger of another Playbook is not found here. */
async function editableTrigger(deps: Deps, playbookId: string, triggerId: string): Promise<TriggerRow> {
  const playbook = await visiblePlaybook(deps, playbookId);
  const rows = fromRpc<TriggerRow[]>(await deps.tenant.listTriggers(playbookId));
  const trigger = rows.find((row) => row.id === triggerId || row.key === triggerId);
  if (!trigger) throw new NotFoundError('Trigger', triggerId);
  if (!canEdit(deps.user, playbook)) {
    throw new ForbiddenError(`Playbook "${playbookId}" is shared with you read-only; only its owner (${playbook.created_by}) or an admin may change its triggers`);
  }
  return trigger;
}

export function statusOf(row: TriggerRow, origin: string, vaultConfigured: boolean): TriggerStatus {
  const hook = HOOK_TYPES.includes(row.type);
  const reason = unavailableBecause(row, vaultConfigured);
  // Absent rather than null in the response: the fields are optional in the schema.
  const recorded = { secret_created_at: row.secret_created_at, watermark: row.watermark, last_fired_at: row.last_fired_at, last_run_id: row.last_run_id, last_error: row.last_error };
  return {
    id: row.id, key: row.key, type: row.type, config: row.config,
    enabled: row.enabled, enabled_in_playbook: row.enabled_in_playbook,
    available: reason === undefined,
    ...(reason ? { reason } : {}),
    ...(row.next_fire_at !== null ? { next_fire_at: new Date(row.next_fire_at).toISOString() } : {}),
    ...(hook ? { webhook_url: origin + webhookPath(row.id) } : {}),
    has_secret: row.has_secret,
    ...Object.fromEntries(Object.entries(recorded).filter(([, value]) => value !== null)),
  };
}

function unavailableBecause(row: TriggerRow, vaultConfigured: boolean): string | undefined {
  const planned = unavailableReason(row.config);
  if (planned) return planned;
  if (!HOOK_TYPES.includes(row.type) || row.has_secret) return undefined;
  if (!vaultConfigured) return 'It has no secret: the Worker secret VAULT_KEY is not configured, so none can be stored; set it, then rotate one';
  return 'It has no secret yet: rotate one with POST /playbooks/{id}/triggers/{trigger_id}/secret';
}
