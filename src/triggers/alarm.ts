import type { KeboolaBackend } from '../connections/keboola/backend';
import type { Run } from '../domain/run';
import { nextFireAfter } from './cron';
import type { InputMode } from './fire';
import type { TriggerRow, TriggerStore } from './store';

/** What table polling needs from the Keboola backend (the real project or the sample). */
export type TableSource = Pick<KeboolaBackend, 'tableDetail'>;

export type AlarmDeps = {
  store: TriggerStore;
  now: number;
  start: (trigger: TriggerRow, inputs: Record<string, unknown>, mode: InputMode) => Promise<Pick<Run, 'id'>>;
  tables: () => TableSource;
};

/**
 * The Tenant object's alarm (spec §7): every due cron and table_updated trigger, each claimed
 * before it acts so a repeated alarm cannot double it. The next time is computed from `now`, not
 * from the missed time, so after downtime a schedule fires once and then resumes — not once per
 * missed slot. One trigger's failure is recorded on it and does not stop the others.
 */
export async function fireDueTriggers(deps: AlarmDeps): Promise<void> {
  for (const trigger of deps.store.due(deps.now)) {
    try {
      if (trigger.type === 'cron') await fireCron(deps, trigger);
      else if (trigger.type === 'keboola.table_updated') await pollTable(deps, trigger);
      else deps.store.claim(trigger.id, trigger.next_fire_at!, null);
    } catch (error) {
      // Left due, it would re-arm the alarm in the past and spin; off the schedule, it waits for a person.
      deps.store.claim(trigger.id, trigger.next_fire_at!, null);
      deps.store.recordOutcome(trigger.id, { error: `Scheduling failed: ${messageOf(error)}; save the Playbook or re-enable the trigger to retry` });
    }
  }
}

async function fireCron(deps: AlarmDeps, trigger: TriggerRow): Promise<void> {
  if (trigger.config.type !== 'cron') return;
  const { expression, timezone, inputs } = trigger.config;
  if (!deps.store.claim(trigger.id, trigger.next_fire_at!, nextFireAfter(expression, timezone, new Date(deps.now)))) return;
  await start(deps, trigger, inputs ?? {}, 'exact');
}

/**
 * Keboola has no table-updated webhook (keboola-api.md "Notifications"), so the table's
 * lastImportDate is polled. The watermark moves before the run starts: an advance fires at most
 * once, even if starting the run fails (the failure is recorded on the trigger).
 */
async function pollTable(deps: AlarmDeps, trigger: TriggerRow): Promise<void> {
  if (trigger.config.type !== 'keboola.table_updated') return;
  const { table_id, poll_seconds } = trigger.config;
  if (!deps.store.claim(trigger.id, trigger.next_fire_at!, deps.now + poll_seconds * 1000)) return;
  let imported: string | null;
  try {
    imported = (await deps.tables().tableDetail(table_id)).last_import_date;
  } catch (error) {
    deps.store.recordOutcome(trigger.id, { error: `Polling ${table_id} failed: ${messageOf(error)}` });
    return;
  }
  if (!imported || !isAfter(imported, trigger.watermark)) {
    deps.store.recordOutcome(trigger.id, {});
    return;
  }
  deps.store.setWatermark(trigger.id, imported);
  await start(deps, trigger, { table_id, last_import_date: imported }, 'declared');
}

async function start(deps: AlarmDeps, trigger: TriggerRow, inputs: Record<string, unknown>, mode: InputMode): Promise<void> {
  const fired_at = new Date(deps.now).toISOString();
  try {
    const run = await deps.start(trigger, inputs, mode);
    deps.store.recordOutcome(trigger.id, { fired_at, run_id: run.id });
  } catch (error) {
    deps.store.recordOutcome(trigger.id, { fired_at, error: `The run could not start: ${messageOf(error)}` });
  }
}

/** Keboola writes offsets as `+0200`; normalise so Date.parse reads every form the same way. */
function isAfter(imported: string, watermark: string | null): boolean {
  const at = Date.parse(imported.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  const mark = watermark ? Date.parse(watermark.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : Number.NEGATIVE_INFINITY;
  return Number.isFinite(at) && at > mark;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
