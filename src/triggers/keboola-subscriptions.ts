import type { Env } from '../env';
import type { TenantObject } from '../tenant/tenant-object';
import { keboolaConfig } from '../connections/keboola';
import { KeboolaClient } from '../connections/keboola/http-client';
import { Notifications } from '../connections/keboola/notifications';
import { systemToolContext } from '../tools/system-context';
import { notificationPath } from './paths';
import type { NotificationSubscription } from './schemas';
import { notificationToken, openTriggerSecret } from './secrets';
import type { TriggerRow } from './store';

/**
 * A keboola.job_finished trigger subscribes itself to Keboola's job notifications (issue 17), so
 * nobody creates them by hand: on every save of its Playbook the subscriptions follow the enabled
 * job triggers — created for a new one, replaced when its URL changes (a rotated secret), removed
 * with the trigger or the Playbook. What each trigger has is kept in R2 beside the Playbooks.
 * Keboola refusing never fails the save: the trigger's status says what happened.
 */

type Tenant = DurableObjectStub<TenantObject>;
type Stored = NotificationSubscription & { trigger_id: string; url?: string };

const PREFIX = 'keboola-subscriptions/';
const key = (playbookId: string, triggerId: string) => `${PREFIX}${playbookId}/${triggerId}.json`;

/** job-succeeded-with-warning too: a job that ended with warnings succeeded (keboola-job.ts). */
const EVENTS = { success: ['job-succeeded', 'job-succeeded-with-warning'], error: ['job-failed'], any: ['job-succeeded', 'job-succeeded-with-warning', 'job-failed'] } as const;

export async function subscriptionStates(env: Env, playbookId: string): Promise<Map<string, NotificationSubscription>> {
  const stored = await listStored(env, playbookId);
  return new Map(stored.map(({ trigger_id, url: _url, ...state }) => [trigger_id, state]));
}

/** Brings Keboola's subscriptions in line with the Playbook's job triggers (rows: after the save; none after a delete). */
export async function syncJobSubscriptions(env: Env, tenant: Tenant, playbookId: string, rows: readonly TriggerRow[]): Promise<void> {
  const wanted = rows.filter((row) => row.type === 'keboola.job_finished' && row.enabled && row.has_secret);
  const stored = new Map((await listStored(env, playbookId)).map((s) => [s.trigger_id, s]));
  if (wanted.length === 0 && stored.size === 0) return;
  const config = await keboolaConfig(env, systemToolContext(env, 'keboola-notifications').secret);
  const notifications = config ? new Notifications(new KeboolaClient(config)) : undefined;
  const base = env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '');
  const at = new Date().toISOString();

  const targets = new Map<string, string>();
  for (const row of wanted) {
    const secret = base ? await openTriggerSecret(env, tenant, row.id) : null;
    if (base && secret) targets.set(row.id, base + notificationPath(row.id, await notificationToken(secret, row.id)));
  }

  // Gone, or pointing at an old URL: removed first, so a rotated secret never leaves a live old URL subscribed.
  for (const [triggerId, state] of stored) {
    if (state.state === 'subscribed' && targets.get(triggerId) === state.url) continue;
    if (state.subscription_ids?.length) {
      if (!notifications) continue; // Keboola no longer configured: nothing to call; kept so a later save can remove them.
      try {
        for (const id of state.subscription_ids) await notifications.unsubscribe(id);
      } catch (error) {
        await put(env, playbookId, { ...state, state: 'failed', reason: `Could not remove the old subscription: ${error instanceof Error ? error.message : String(error)}`, at });
        continue;
      }
    }
    await env.BUCKET.delete(key(playbookId, triggerId));
    stored.delete(triggerId);
  }

  for (const row of wanted) {
    if (stored.has(row.id)) continue;
    const url = targets.get(row.id);
    const config = row.config.type === 'keboola.job_finished' ? row.config : undefined;
    if (!config) continue;
    let state: Stored;
    if (!notifications) state = { trigger_id: row.id, state: 'not_subscribed', reason: 'Keboola is not connected (the built-in sample project sends no notifications): store keboola_token and set KEBOOLA_API_URL', at };
    else if (!url) state = { trigger_id: row.id, state: 'not_subscribed', reason: 'PUBLIC_BASE_URL is not set, so Keboola would not know where to send the notification', at };
    else {
      const events = [...EVENTS[config.status ?? 'success']];
      try {
        const ids = await notifications.subscribe(events, { componentId: config.component_id, ...(config.configuration_id ? { configurationId: config.configuration_id } : {}) }, url);
        state = { trigger_id: row.id, state: 'subscribed', events, subscription_ids: ids, url, at };
      } catch (error) {
        state = { trigger_id: row.id, state: 'failed', events, reason: error instanceof Error ? error.message : String(error), at };
      }
    }
    await put(env, playbookId, state);
  }
}

async function put(env: Env, playbookId: string, state: Stored): Promise<void> {
  await env.BUCKET.put(key(playbookId, state.trigger_id), JSON.stringify(state), { httpMetadata: { contentType: 'application/json' } });
}

async function listStored(env: Env, playbookId: string): Promise<Stored[]> {
  const prefix = `${PREFIX}${playbookId}/`;
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const objects = await Promise.all(keys.map(async (k) => (await env.BUCKET.get(k))?.json<Stored>()));
  return objects.filter((o): o is Stored => Boolean(o));
}
