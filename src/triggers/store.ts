import type { Trigger } from '../domain/trigger';
import type { SealedSecret } from '../vault/entry';
import { randomId } from '../auth/tokens';
import { nextFireAfter } from './cron';
import type { TriggerEntry } from './entries';

/**
 * The trigger registry inside the Tenant Durable Object (tables in src/tenant/schema.ts):
 * `triggers` (one row per Playbook trigger, keyed by a random public id), `trigger_schedule`
 * (when each enabled cron / table_updated trigger is next due; the object's one alarm is the
 * earliest) and `webhook_deliveries` (webhook-ids seen, until they could no longer pass the
 * timestamp check anyway). Synchronous SQL only, so each method is atomic in the object.
 */

type Row = {
  id: string; playbook_id: string; key: string; type: string; config: string; enabled_in_playbook: number; enabled_override: number | null;
  has_secret: number; secret_created_at: string | null; watermark: string | null; next_fire_at: number | null;
  last_fired_at: string | null; last_run_id: string | null; last_error: string | null; created_at: string; updated_at: string;
  owner: string; playbook_status: string;
};

/** A registered trigger; `enabled` is the effective flag (a PATCH override, else what the Playbook says). */
export type TriggerRow = {
  id: string; playbook_id: string; key: string; type: Trigger['type']; config: Trigger;
  enabled: boolean; enabled_in_playbook: boolean; enabled_override: boolean | null;
  has_secret: boolean; secret_created_at: string | null; watermark: string | null; next_fire_at: number | null;
  last_fired_at: string | null; last_run_id: string | null; last_error: string | null; created_at: string; updated_at: string;
  /** The Playbook's owner, whom triggered runs act for. */
  owner: string; playbook_status: string;
};

export type Outcome = { fired_at?: string; run_id?: string; error?: string };

// Never the secret columns: rows travel over RPC and into responses; only sealedSecret() reads them.
const SELECT = `SELECT t.id, t.playbook_id, t.key, t.type, t.config, t.enabled_in_playbook, t.enabled_override, t.secret_created_at, t.watermark,
  t.last_fired_at, t.last_run_id, t.last_error, t.created_at, t.updated_at, t.secret_ciphertext IS NOT NULL AS has_secret, s.next_fire_at,
  p.created_by AS owner, p.status AS playbook_status
  FROM triggers t JOIN playbooks p ON p.id = t.playbook_id LEFT JOIN trigger_schedule s ON s.trigger_id = t.id`;

export class TriggerStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    /** After every change to which triggers exist or when they are due (the Tenant's Playbook list shows the next cron fire). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  /**
   * Makes the registry match a Playbook revision: new keys get a fresh id, kept keys keep theirs
   * (and their secret, watermark and PATCHed flag unless the Playbook's own flag changed), removed
   * keys go (all of them for a deleted Playbook, whose webhook URLs then answer 404). A changed
   * schedule is recomputed from `now`; an unchanged one keeps its next fire.
   */
  sync(playbookId: string, entries: TriggerEntry[], now: number): TriggerRow[] {
    this.storage.transactionSync(() => {
      const existing = new Map(this.list(playbookId).map((row) => [row.key, row]));
      for (const [position, entry] of entries.entries()) {
        const old = existing.get(entry.key);
        existing.delete(entry.key);
        if (old?.type === entry.type) {
          this.update(old, entry, position, now);
        } else {
          // Same key, another type: a different trigger, so no inherited id, secret or schedule.
          if (old) this.remove(old.id);
          this.insert(playbookId, entry, position, now);
        }
      }
      for (const gone of existing.values()) this.remove(gone.id);
    });
    this.onChange();
    return this.list(playbookId);
  }

  list(playbookId: string): TriggerRow[] {
    return this.sql.exec<Row>(`${SELECT} WHERE t.playbook_id = ? ORDER BY t.position`, playbookId).toArray().map(toTrigger);
  }

  get(id: string): TriggerRow | null {
    const row = this.sql.exec<Row>(`${SELECT} WHERE t.id = ?`, id).toArray()[0];
    return row ? toTrigger(row) : null;
  }

  sealedSecret(id: string): SealedSecret | null {
    const row = this.sql.exec<{ secret_ciphertext: ArrayBuffer | null; secret_iv: ArrayBuffer | null }>('SELECT secret_ciphertext, secret_iv FROM triggers WHERE id = ?', id).toArray()[0];
    if (!row?.secret_ciphertext || !row.secret_iv) return null;
    return { ciphertext: new Uint8Array(row.secret_ciphertext), iv: new Uint8Array(row.secret_iv) };
  }

  /** `onlyIfNone`: the first secret is issued once; a concurrent sync that lost the race gets false and shows nothing. */
  setSecret(id: string, sealed: SealedSecret, at: string, onlyIfNone: boolean): boolean {
    return this.sql.exec(
      `UPDATE triggers SET secret_ciphertext = ?, secret_iv = ?, secret_created_at = ?, updated_at = ? WHERE id = ?${onlyIfNone ? ' AND secret_ciphertext IS NULL' : ''}`,
      bytesOf(sealed.ciphertext), bytesOf(sealed.iv), at, at, id,
    ).rowsWritten > 0;
  }

  /** PATCH: overrides the Playbook's flag until the Playbook changes that flag itself. */
  setEnabled(id: string, enabled: boolean, now: number): TriggerRow | null {
    this.storage.transactionSync(() => {
      this.sql.exec('UPDATE triggers SET enabled_override = ?, updated_at = ? WHERE id = ?', Number(enabled), new Date(now).toISOString(), id);
      this.reschedule(id, now, true);
    });
    this.onChange();
    return this.get(id);
  }

  /** Triggers whose scheduled time has come, earliest first. */
  due(now: number): TriggerRow[] {
    return this.sql.exec<Row>(`${SELECT} WHERE s.next_fire_at <= ? ORDER BY s.next_fire_at`, now).toArray().map(toTrigger);
  }

  /**
   * Takes a due trigger off the schedule before it fires: moves its next fire to `next` only if it
   * is still at `expected`. A second alarm (a retry, a wake after eviction) finds nothing to claim,
   * so a fire is never doubled; a crash between claim and start loses that one fire instead.
   */
  claim(id: string, expected: number, next: number | null): boolean {
    const claimed = next === null
      ? this.sql.exec('DELETE FROM trigger_schedule WHERE trigger_id = ? AND next_fire_at = ?', id, expected).rowsWritten > 0
      : this.sql.exec('UPDATE trigger_schedule SET next_fire_at = ? WHERE trigger_id = ? AND next_fire_at = ?', next, id, expected).rowsWritten > 0;
    this.onChange();
    return claimed;
  }

  /** What the last fire or poll did: `error` replaces the previous one (none clears it); the rest only overwrite when given. */
  recordOutcome(id: string, outcome: Outcome): void {
    this.sql.exec(
      'UPDATE triggers SET last_fired_at = COALESCE(?, last_fired_at), last_run_id = COALESCE(?, last_run_id), last_error = ? WHERE id = ?',
      outcome.fired_at ?? null, outcome.run_id ?? null, outcome.error ?? null, id,
    );
  }

  setWatermark(id: string, watermark: string): void {
    this.sql.exec('UPDATE triggers SET watermark = ? WHERE id = ?', watermark, id);
  }

  /**
   * Remembers a delivery id; false (with the run it started, if any) when it was already seen and
   * has not expired. Expired ids are pruned here, so the table stays as small as the traffic.
   */
  claimDelivery(triggerId: string, messageId: string, expiresAt: number, now: number): { fresh: true } | { fresh: false; run_id: string | null } {
    return this.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM webhook_deliveries WHERE expires_at < ?', now);
      const seen = this.sql.exec<{ run_id: string | null }>('SELECT run_id FROM webhook_deliveries WHERE trigger_id = ? AND message_id = ?', triggerId, messageId).toArray()[0];
      if (seen) return { fresh: false, run_id: seen.run_id };
      this.sql.exec('INSERT INTO webhook_deliveries (trigger_id, message_id, expires_at) VALUES (?, ?, ?)', triggerId, messageId, expiresAt);
      return { fresh: true };
    });
  }

  /** The run a delivery started; or, with `runId` null, forgets it (the start failed, so the sender's retry may try again). */
  settleDelivery(triggerId: string, messageId: string, runId: string | null): void {
    if (runId === null) this.sql.exec('DELETE FROM webhook_deliveries WHERE trigger_id = ? AND message_id = ?', triggerId, messageId);
    else this.sql.exec('UPDATE webhook_deliveries SET run_id = ? WHERE trigger_id = ? AND message_id = ?', runId, triggerId, messageId);
  }

  /** One alarm for the whole registry: the earliest scheduled fire, or none. */
  async arm(): Promise<void> {
    const next = this.sql.exec<{ next: number | null }>('SELECT MIN(next_fire_at) AS next FROM trigger_schedule').one().next;
    const current = await this.storage.getAlarm();
    if (next === null) {
      if (current !== null) await this.storage.deleteAlarm();
    } else if (current !== next) {
      await this.storage.setAlarm(next);
    }
  }

  private insert(playbookId: string, entry: TriggerEntry, position: number, now: number): void {
    const id = randomId('trg');
    const at = new Date(now).toISOString();
    // A table_updated watermark starts at registration: imports before the trigger existed do not fire it.
    const watermark = entry.type === 'keboola.table_updated' ? at : null;
    this.sql.exec(
      `INSERT INTO triggers (id, playbook_id, key, position, type, config, enabled_in_playbook, watermark, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id, playbookId, entry.key, position, entry.type, JSON.stringify(entry.config), Number(entry.enabled), watermark, at, at,
    );
    this.reschedule(id, now, true);
  }

  private update(old: TriggerRow, entry: TriggerEntry, position: number, now: number): void {
    const at = new Date(now).toISOString();
    const config = JSON.stringify(entry.config);
    const changed = JSON.stringify(old.config) !== config;
    // A table_updated trigger moved to another table must not compare against the old table's imports.
    const watermark = changed && tableOf(old.config) !== tableOf(entry.config) ? at : old.watermark;
    // The Playbook changing its own flag is the newer decision, so it clears a PATCHed override.
    const override = old.enabled_in_playbook === entry.enabled ? old.enabled_override : null;
    this.sql.exec(
      'UPDATE triggers SET position = ?, config = ?, enabled_in_playbook = ?, enabled_override = ?, watermark = ?, updated_at = ? WHERE id = ?',
      position, config, Number(entry.enabled), override === null ? null : Number(override), watermark, changed ? at : old.updated_at, old.id,
    );
    this.reschedule(old.id, now, changed);
  }

  private remove(id: string): void {
    this.sql.exec('DELETE FROM trigger_schedule WHERE trigger_id = ?', id);
    this.sql.exec('DELETE FROM webhook_deliveries WHERE trigger_id = ?', id);
    this.sql.exec('DELETE FROM triggers WHERE id = ?', id);
  }

  /**
   * Puts an enabled cron or table_updated trigger on the schedule (off it otherwise). `reset`
   * recomputes the time from `now`; without it an existing entry keeps its time, so saving an
   * unrelated edit neither skips nor adds a fire.
   */
  private reschedule(id: string, now: number, reset: boolean): void {
    const row = this.get(id);
    const next = row && row.enabled ? firstFire(row.config, now) : null;
    if (next === null) {
      this.sql.exec('DELETE FROM trigger_schedule WHERE trigger_id = ?', id);
      return;
    }
    this.sql.exec(
      `INSERT INTO trigger_schedule (trigger_id, next_fire_at) VALUES (?, ?) ON CONFLICT (trigger_id) DO ${reset ? 'UPDATE SET next_fire_at = excluded.next_fire_at' : 'NOTHING'}`,
      id, next,
    );
  }
}

/** When a trigger first comes due from `now`; null for types that are not scheduled. */
export function firstFire(config: Trigger, now: number): number | null {
  if (config.type === 'cron') return nextFireAfter(config.expression, config.timezone, new Date(now));
  // The first poll is one interval out: the watermark starts at registration, so nothing is missed meanwhile.
  if (config.type === 'keboola.table_updated') return now + config.poll_seconds * 1000;
  return null;
}

function tableOf(config: Trigger): string | undefined {
  return config.type === 'keboola.table_updated' ? config.table_id : undefined;
}

function toTrigger(row: Row): TriggerRow {
  const inPlaybook = row.enabled_in_playbook === 1;
  const override = row.enabled_override === null ? null : row.enabled_override === 1;
  return {
    id: row.id, playbook_id: row.playbook_id, key: row.key, type: row.type as Trigger['type'], config: JSON.parse(row.config) as Trigger,
    enabled: override ?? inPlaybook, enabled_in_playbook: inPlaybook, enabled_override: override,
    has_secret: row.has_secret === 1, secret_created_at: row.secret_created_at, watermark: row.watermark, next_fire_at: row.next_fire_at,
    last_fired_at: row.last_fired_at, last_run_id: row.last_run_id, last_error: row.last_error, created_at: row.created_at, updated_at: row.updated_at,
    owner: row.owner, playbook_status: row.playbook_status,
  };
}

/** SQLite binds blobs from ArrayBuffers; copy out exactly the view's bytes. */
function bytesOf(view: Uint8Array): ArrayBuffer {
  return view.slice().buffer;
}
