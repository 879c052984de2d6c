import type { Trigger } from '../domain/trigger';
import { triggerAvailable } from '../domain/trigger';

/** One trigger of a Playbook revision as the registry keeps it: a key stable across revisions, and the trigger as written. */
export type TriggerEntry = { key: string; type: Trigger['type']; enabled: boolean; config: Trigger };

/** Trigger types that receive HTTP deliveries and so need a per-trigger secret (spec §8). */
export const HOOK_TYPES: readonly string[] = ['http_webhook', 'keboola.job_finished'];

/**
 * The registry keys of a Playbook's triggers. A trigger's own `id` is its key; one without gets
 * `<type>-<n>` (its position among unnamed triggers of that type). The registry keeps each key's
 * public id and secret across revisions, so editing a cron expression keeps its webhook neighbour's
 * URL — naming triggers (`id:`) keeps them stable even when unnamed ones are reordered.
 */
export function triggerEntries(triggers: readonly Trigger[]): TriggerEntry[] {
  const unnamed = new Map<string, number>();
  const taken = new Set<string>();
  return triggers.map((trigger) => {
    let key = trigger.id;
    if (!key) {
      const n = (unnamed.get(trigger.type) ?? 0) + 1;
      unnamed.set(trigger.type, n);
      key = `${trigger.type}-${n}`;
    }
    // Two triggers under one key would share an id and a secret; a suffix keeps them apart.
    for (let i = 2; taken.has(key); i++) key = `${trigger.id ?? trigger.type}.${i}`;
    taken.add(key);
    return { key, type: trigger.type, enabled: trigger.enabled, config: trigger };
  });
}

/** Why a trigger type cannot fire yet, for the status API; undefined for the built ones. */
export function unavailableReason(trigger: Trigger): string | undefined {
  return triggerAvailable(trigger) ? undefined : `"${trigger.type}" triggers are accepted in Playbooks but not built yet; it never starts a run`;
}
