import type { PlaybookListItem, PlaybookSummary } from '../domain/playbook';
import type { User } from '../domain/user';
import type { Approval, Run } from '../domain/run';
import type { RiskPolicy } from '../domain/policy';
import type { InboxItem } from './run-index';
import { canView, seesEverything } from '../playbooks/access';
import { asSeenBy } from '../playbooks/published';
import { PlaybookLists } from './playbook-lists';

/** What claimRun answers: registered (Job #N and the risk policy the run starts with), or why not. */
export type RunClaim =
  | { kind: 'registered'; number: number; policy: RiskPolicy }
  /** The same Idempotency-Key and request within 24 h: the run it started, started again if it never was. */
  | { kind: 'replayed'; run_id: string; number: number; policy: RiskPolicy }
  | { kind: 'key_reused' }
  | { kind: 'stale'; playbook: PlaybookSummary }
  | { kind: 'not_found' };

/**
 * What a start assumed about the Playbook: its current revision (null when the run pins one) and
 * its owner; and the client's Idempotency-Key with a hash of its request, if it sent one.
 */
export type ClaimAssumption = {
  revision: number | null;
  owner: string;
  /** The published revision the start saw (null: none); undefined when the run pins one explicitly. */
  published?: number | null;
  idempotency?: { key: string; request_hash: string };
};

/** How long an Idempotency-Key keeps naming the run it started. */
export const IDEMPOTENCY_MS = 24 * 3600 * 1000;

/** The parts of the Tenant's index this reads (TenantObject). */
export type TenantIndex = {
  listPlaybooks(): PlaybookSummary[];
  getPlaybook(id: string): PlaybookSummary | null;
  getPlaybookIncludingDeleted(id: string): PlaybookSummary | null;
  getRun(id: string): Run | null;
  getApprovalRef(id: string): { run_id: string; playbook_id: string } | null;
  registerRun(run: Omit<Run, 'number'>): { number: number; policy: RiskPolicy };
  getRiskPolicy(): RiskPolicy;
};

/**
 * The Tenant's reads for one caller, and run registration, with the view rule (spec §8,
 * src/playbooks/access.ts) applied inside the Tenant object: a list, a run or a start costs the
 * Worker one call to the object, not a lookup and then a list (issue 12). Lists of run-scoped
 * things follow one rule: admins see all; others what belongs to Playbooks they can see, or to
 * runs they started.
 */
export class CallerScope {
  /** GET /playbooks per view, kept until the index or the trigger schedule changes (the Tenant calls playbooksChanged). */
  private readonly lists = new PlaybookLists();

  constructor(private readonly sql: SqlStorage, private readonly index: TenantIndex) {}

  /** GET /playbooks as JSON text: what `user` sees, each at the revision they read. */
  playbooksJson(user: User): string {
    return this.lists.text(user, () => this.playbooks(user).map((item) => ({ ...item, ...asSeenBy(user, item) })));
  }

  /** Every write to the Playbook index or the trigger schedule: the next list is built again. */
  playbooksChanged(): void {
    this.lists.invalidate();
  }

  /** With each one's next cron run: one query over the trigger schedule, which holds enabled triggers only. */
  playbooks(user: User): PlaybookListItem[] {
    const visible = this.index.listPlaybooks().filter((p) => canView(user, p));
    if (visible.length === 0) return visible;
    const next = new Map<string, NonNullable<PlaybookListItem['next_run']>>();
    const rows = this.sql.exec<{ playbook_id: string; key: string; config: string; next_fire_at: number }>(
      `SELECT t.playbook_id, t.key, t.config, s.next_fire_at FROM trigger_schedule s JOIN triggers t ON t.id = s.trigger_id
       WHERE t.type = 'cron' ORDER BY s.next_fire_at`,
    );
    for (const row of rows) {
      if (next.has(row.playbook_id)) continue;
      const timezone = (JSON.parse(row.config) as { timezone?: string }).timezone ?? 'UTC';
      next.set(row.playbook_id, { at: new Date(row.next_fire_at).toISOString(), timezone, trigger: row.key });
    }
    return visible.map((p) => {
      const run = p.status === 'archived' ? undefined : next.get(p.id);
      return run ? { ...p, next_run: run } : p;
    });
  }

  /** Admins, whoever started the run, and anyone who can see its Playbook, even a deleted one; else null. */
  run(user: User, id: string): Run | null {
    const run = this.index.getRun(id);
    if (!run || seesEverything(user) || run.created_by === user.id) return run;
    const playbook = this.index.getPlaybookIncludingDeleted(run.playbook_id);
    return playbook && canView(user, playbook) ? run : null;
  }

  runs(user: User, filter: { playbook_id?: string; status?: string }): Run[] {
    return this.sql
      .exec<{ summary: string }>(
        `SELECT summary FROM runs WHERE (?1 IS NULL OR playbook_id = ?1) AND (?2 IS NULL OR status = ?2)
         AND (?3 IS NULL OR playbook_id IN (SELECT value FROM json_each(?3)) OR created_by = ?4) ORDER BY number DESC LIMIT 200`,
        filter.playbook_id ?? null, filter.status ?? null, this.visibleIds(user), user.id,
      )
      .toArray()
      .map((r) => JSON.parse(r.summary) as Run);
  }

  /** An approval is the run's: its starter is the user the run acts for. */
  approvals(user: User, status?: string): Approval[] {
    return this.sql
      .exec<{ summary: string }>(
        `SELECT summary FROM approvals WHERE (?1 IS NULL OR status = ?1)
         AND (?2 IS NULL OR playbook_id IN (SELECT value FROM json_each(?2)) OR json_extract(summary, '$.requested_for') = ?3)
         ORDER BY created_at DESC LIMIT 500`,
        status ?? null, this.visibleIds(user), user.id,
      )
      .toArray()
      .map((r) => JSON.parse(r.summary) as Approval);
  }

  /** Inbox items carry no starter: only the Playbook decides. */
  inbox(user: User): InboxItem[] {
    return this.sql
      .exec<InboxItem>('SELECT * FROM inbox WHERE (?1 IS NULL OR playbook_id IN (SELECT value FROM json_each(?1))) ORDER BY created_at', this.visibleIds(user))
      .toArray();
  }

  /** An approval's run, if `user` can see that run; otherwise it does not exist for them. */
  approvalRef(user: User, id: string): { run_id: string; playbook_id: string } | null {
    const ref = this.index.getApprovalRef(id);
    return ref && this.run(user, ref.run_id) ? ref : null;
  }

  /**
   * Registers a run if `user` can see its Playbook and the Playbook is still as the Worker assumed
   * when it validated the inputs (src/runs/start.ts): at that current and published revision (not
   * checked when the run pins one explicitly) and with that owner. Otherwise says why and registers nothing. Checked and
   * registered in one synchronous step: nothing changes in between.
   */
  claim(user: User, run: Omit<Run, 'number'>, assumed: ClaimAssumption): RunClaim {
    const playbook = this.index.getPlaybook(run.playbook_id);
    if (!playbook || !canView(user, playbook)) return { kind: 'not_found' };
    const key = assumed.idempotency;
    if (key) {
      this.sql.exec('DELETE FROM idempotency_keys WHERE created_at < ?', Date.now() - IDEMPOTENCY_MS);
      const seen = this.sql.exec<{ run_id: string; request_hash: string }>('SELECT run_id, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?', user.id, key.key).toArray()[0];
      if (seen && seen.request_hash !== key.request_hash) return { kind: 'key_reused' };
      const registered = seen ? this.index.getRun(seen.run_id) : null;
      if (registered) return { kind: 'replayed', run_id: registered.id, number: registered.number, policy: this.index.getRiskPolicy() };
    }
    const moved = (assumed.revision !== null && playbook.revision !== assumed.revision)
      || (assumed.published !== undefined && (playbook.published_revision ?? null) !== assumed.published);
    if (moved || playbook.created_by !== assumed.owner) return { kind: 'stale', playbook };
    const claimed = this.index.registerRun(run);
    if (key) this.sql.exec('INSERT OR REPLACE INTO idempotency_keys (user_id, key, run_id, request_hash, created_at) VALUES (?, ?, ?, ?, ?)', user.id, key.key, run.id, key.request_hash, Date.now());
    return { kind: 'registered', ...claimed };
  }

  /** The Playbooks a non-admin's lists are scoped to, as JSON for json_each; null (everything) for admins. */
  private visibleIds(user: User): string | null {
    return seesEverything(user) ? null : JSON.stringify(this.playbooks(user).map((p) => p.id));
  }
}
