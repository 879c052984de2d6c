import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { PlaybookSummary, RevisionInfo } from '../domain/playbook';
import type { NewUser, TokenInfo, User } from '../domain/user';
import type { TokenHolder } from '../auth/user-token-cache';
import type { Approval, Run } from '../domain/run';
import type { InboxItem, RunIndexUpdate } from './run-index';
import type { RiskPolicy } from '../domain/policy';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import type { SealedSecret, VaultEntry } from '../vault/entry';
import type { DiscoveryRecord } from '../connections/discovery';
import { migrate } from '../storage/migrate';
import { TENANT_MIGRATIONS } from './schema';
import { seedUsers } from './seed';
import { TriggerStore, type Outcome, type TriggerRow } from '../triggers/store';
import type { TriggerEntry } from '../triggers/entries';
import { fireDueTriggers } from '../triggers/alarm';
import { startTriggeredRun } from '../triggers/fire';
import { tableSource } from '../triggers/tables';
import { PlaybookStore } from './playbook-store';
import { UserStore } from './user-store';
import { ServiceAccountStore, type ServiceAccountRecord, type ServiceAccount } from './service-account-store';
import { RequestLog, type RequestLogEntry } from './request-log';
import { DiscoveryStore } from './discovery-store';
import { CallerScope, type ClaimAssumption, type RunClaim } from './caller-scope';

/** One saved skill context value; `value` is JSON text. */
export type SkillContextEntry = { playbook_id: string; skill: string; key: string; value: string; run_id: string; updated_at: string; taint: string | null };

/**
 * One per tenant (architecture.md): users and token hashes, the Playbook index and its revision log.
 * Access rules are applied by the Worker's domain modules, and by the `…For(user)` reads here so
 * that a request makes one call to this object (src/tenant/caller-scope.ts).
 */
export class TenantObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly triggers: TriggerStore;
  private readonly scope: CallerScope;
  private readonly playbooks: PlaybookStore;
  private readonly users: UserStore;
  private readonly accounts: ServiceAccountStore;
  private readonly discovery: DiscoveryStore;
  private readonly requests: RequestLog;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.scope = new CallerScope(this.sql, this);
    // The Playbook list (with each one's next cron fire) is kept in memory until either store writes.
    this.triggers = new TriggerStore(this.sql, ctx.storage, () => this.scope.playbooksChanged());
    this.playbooks = new PlaybookStore(ctx.storage, () => this.scope.playbooksChanged());
    this.users = new UserStore(this.sql);
    this.accounts = new ServiceAccountStore(this.sql);
    this.discovery = new DiscoveryStore(this.sql);
    this.requests = new RequestLog(this.sql);
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql, TENANT_MIGRATIONS);
      await seedUsers(this, env);
    });
  }

  // ---- users -------------------------------------------------------------

  userCount(): number {
    return this.users.userCount();
  }

  /** The token's user or service account and when the token expires; null for an unknown or revoked token or an expired user token. */
  async authenticate(token: string): Promise<TokenHolder | null> {
    return (await this.users.authenticate(token)) ?? this.accounts.authenticate(token, new Date().toISOString());
  }

  listUsers(): User[] {
    return this.users.listUsers();
  }

  getUser(id: string): User | null {
    return this.users.getUser(id);
  }

  /** Returns null when the id is taken. */
  createUser(user: NewUser, now: string): User | null {
    return this.users.createUser(user, now);
  }

  addToken(userId: string, token: string, label: string, now: string, expiresAt: string | null = null): Promise<string> {
    return this.users.addToken(userId, token, label, now, expiresAt);
  }

  listTokens(userId: string, now: string): TokenInfo[] {
    return this.users.listTokens(userId, now);
  }

  revokeToken(userId: string, tokenId: string): string | null {
    return this.users.revokeToken(userId, tokenId);
  }

  // ---- service accounts (src/tenant/service-account-store.ts) and the request log (request-log.ts) ----

  createServiceAccount(account: ServiceAccountRecord, token: string, now: string): Promise<ServiceAccount> { return this.accounts.create(account, token, now); }
  listServiceAccounts(now: string): ServiceAccount[] { return this.accounts.list(now); }
  getServiceAccount(id: string, now: string): ServiceAccount | null { return this.accounts.get(id, now); }
  rotateServiceAccount(id: string, token: string, now: string): Promise<boolean> { return this.accounts.rotate(id, token, now); }
  revokeServiceAccount(id: string, now: string): boolean { return this.accounts.revoke(id, now); }
  logRequests(entries: Omit<RequestLogEntry, 'seq'>[]): void { this.requests.append(entries); }
  listRequestLog(filter: { principal_id?: string; limit: number }): RequestLogEntry[] { return this.requests.list(filter); }

  // ---- playbook index (src/tenant/playbook-store.ts) ----

  listPlaybooks(): PlaybookSummary[] {
    return this.playbooks.listPlaybooks();
  }

  getPlaybook(id: string): PlaybookSummary | null {
    return this.playbooks.getPlaybook(id);
  }

  insertPlaybook(p: PlaybookSummary): void {
    return this.playbooks.insertPlaybook(p);
  }

  commitRevision(id: string, revision: number, meta: { name: string; description?: string; by: string; at: string }): PlaybookSummary | null {
    return this.playbooks.commitRevision(id, revision, meta);
  }

  publishRevision(id: string, revision: number, at: string): PlaybookSummary | null {
    return this.playbooks.publishRevision(id, revision, at);
  }

  setSharing(id: string, allowedUsers: string[], at: string): PlaybookSummary | null {
    return this.playbooks.setSharing(id, allowedUsers, at);
  }

  setStatus(id: string, status: PlaybookSummary['status'], at: string): PlaybookSummary | null {
    return this.playbooks.setStatus(id, status, at);
  }

  deletePlaybook(id: string, at: string): boolean {
    return this.playbooks.deletePlaybook(id, at);
  }

  getPlaybookIncludingDeleted(id: string): PlaybookSummary | null {
    return this.playbooks.getPlaybookIncludingDeleted(id);
  }

  listRevisions(id: string): RevisionInfo[] {
    return this.playbooks.listRevisions(id);
  }

  // ---- run index and inbox -------------------------------------------------

  /**
   * Allocates the tenant-wide job number ("Job #N") and indexes the run as queued; answers with the
   * risk policy the run starts with. A policy change after this finds the run in the index and
   * pushes the new one to it (updatePolicies), so no run misses a change.
   */
  registerRun(run: Omit<Run, 'number'>): { number: number; policy: RiskPolicy } {
    const number = this.ctx.storage.transactionSync(() => {
      const number = this.sql.exec<{ n: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM runs').one().n;
      const summary = { ...run, number };
      this.sql.exec(
        'INSERT INTO runs (id, number, playbook_id, revision, status, summary, created_by, parent_run_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        run.id, number, run.playbook_id, run.revision, run.status, JSON.stringify(summary), run.created_by, run.parent_run_id ?? null, run.created_at, run.updated_at,
      );
      return number;
    });
    return { number, policy: this.getRiskPolicy() };
  }

  /** Runs that have not ended: where a tenant policy change is pushed. */
  liveRunIds(): string[] {
    return this.sql.exec<{ id: string }>("SELECT id FROM runs WHERE status NOT IN ('done', 'failed', 'cancelled')").toArray().map((r) => r.id);
  }

  runUpdated(run: Run): void {
    this.sql.exec('UPDATE runs SET status = ?, summary = ?, updated_at = ? WHERE id = ?', run.status, JSON.stringify(run), run.updated_at, run.id);
  }

  getRun(id: string): Run | null {
    const row = this.sql.exec<{ summary: string }>('SELECT summary FROM runs WHERE id = ?', id).toArray()[0];
    return row ? (JSON.parse(row.summary) as Run) : null;
  }

  listRuns(filter: { playbook_id?: string; status?: string; limit?: number }): Run[] {
    return this.sql
      .exec<{ summary: string }>(
        'SELECT summary FROM runs WHERE (?1 IS NULL OR playbook_id = ?1) AND (?2 IS NULL OR status = ?2) ORDER BY number DESC LIMIT ?3',
        filter.playbook_id ?? null, filter.status ?? null, filter.limit ?? 200,
      )
      .toArray()
      .map((r) => JSON.parse(r.summary) as Run);
  }

  /** A run's outbox, in order, in one transaction (src/run/core.ts syncIndex). Each update is idempotent. */
  applyRunIndex(updates: RunIndexUpdate[]): void {
    this.ctx.storage.transactionSync(() => {
      for (const update of updates) {
        if (update.kind === 'run') this.runUpdated(update.run);
        else if (update.kind === 'approval') this.approvalUpdated(update.approval);
        else if (update.kind === 'inbox_open') this.openInboxItem(update.item);
        else this.closeInboxItem(update.id);
      }
    });
  }

  openInboxItem(item: InboxItem): void {
    this.sql.exec('INSERT OR REPLACE INTO inbox (id, kind, run_id, playbook_id, title, created_at) VALUES (?, ?, ?, ?, ?, ?)', item.id, item.kind, item.run_id, item.playbook_id, item.title, item.created_at);
  }

  closeInboxItem(id: string): void {
    this.sql.exec('DELETE FROM inbox WHERE id = ?', id);
  }

  listInbox(): InboxItem[] {
    return this.sql.exec<InboxItem>('SELECT * FROM inbox ORDER BY created_at').toArray();
  }

  // ---- approvals index ------------------------------------------------------

  approvalUpdated(approval: Approval): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO approvals (id, run_id, playbook_id, status, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      approval.id, approval.run_id, approval.playbook_id, approval.status, JSON.stringify(approval), approval.created_at,
    );
  }

  listApprovals(status?: string): Approval[] {
    return this.sql
      .exec<{ summary: string }>('SELECT summary FROM approvals WHERE (?1 IS NULL OR status = ?1) ORDER BY created_at DESC LIMIT 500', status ?? null)
      .toArray()
      .map((r) => JSON.parse(r.summary) as Approval);
  }

  getApprovalRef(id: string): { run_id: string; playbook_id: string } | null {
    return this.sql.exec<{ run_id: string; playbook_id: string }>('SELECT run_id, playbook_id FROM approvals WHERE id = ?', id).toArray()[0] ?? null;
  }

  // ---- one call per request: reads and run registration for one caller (src/tenant/caller-scope.ts) ----

  /** JSON text, ready to send: no clone of the rows on the way out (src/tenant/playbook-lists.ts). */
  listPlaybooksJsonFor(user: User): string {
    return this.scope.playbooksJson(user);
  }

  getRunFor(user: User, id: string): Run | null {
    return this.scope.run(user, id);
  }

  listRunsFor(user: User, filter: { playbook_id?: string; status?: string }): Run[] {
    return this.scope.runs(user, filter);
  }

  listApprovalsFor(user: User, status?: string): Approval[] {
    return this.scope.approvals(user, status);
  }

  listInboxFor(user: User): InboxItem[] {
    return this.scope.inbox(user);
  }

  getApprovalRefFor(user: User, id: string): { run_id: string; playbook_id: string } | null {
    return this.scope.approvalRef(user, id);
  }

  claimRun(user: User, run: Omit<Run, 'number'>, assumed: ClaimAssumption): RunClaim {
    return this.scope.claim(user, run, assumed);
  }

  // ---- trigger registry (src/triggers/): the Worker seals secrets and verifies webhooks; this stores ----

  /** The one alarm of this object: due cron fires and table polls (spec §7). */
  override async alarm(): Promise<void> {
    await fireDueTriggers({
      store: this.triggers,
      now: Date.now(),
      start: (trigger, inputs, mode) => startTriggeredRun(this.env, trigger, inputs, mode),
      tables: () => tableSource(this.env),
    });
    await this.triggers.arm();
  }

  /** Makes the registry match a Playbook revision; no entries (a deleted Playbook) removes its triggers. */
  async syncTriggers(playbookId: string, entries: TriggerEntry[], now: number): Promise<TriggerRow[]> {
    const rows = this.triggers.sync(playbookId, entries, now);
    await this.triggers.arm();
    return rows;
  }

  listTriggers(playbookId: string): TriggerRow[] {
    return this.triggers.list(playbookId);
  }

  getTrigger(id: string): TriggerRow | null {
    return this.triggers.get(id);
  }

  async setTriggerEnabled(id: string, enabled: boolean, now: number): Promise<TriggerRow | null> {
    const row = this.triggers.setEnabled(id, enabled, now);
    await this.triggers.arm();
    return row;
  }

  getTriggerSecret(id: string): SealedSecret | null {
    return this.triggers.sealedSecret(id);
  }

  setTriggerSecret(id: string, sealed: SealedSecret, at: string, onlyIfNone: boolean): boolean {
    return this.triggers.setSecret(id, sealed, at, onlyIfNone);
  }

  recordTriggerOutcome(id: string, outcome: Outcome): void {
    this.triggers.recordOutcome(id, outcome);
  }

  claimWebhookDelivery(triggerId: string, messageId: string, expiresAt: number): { fresh: true } | { fresh: false; run_id: string | null } {
    return this.triggers.claimDelivery(triggerId, messageId, expiresAt, Date.now());
  }

  settleWebhookDelivery(triggerId: string, messageId: string, runId: string | null): void {
    this.triggers.settleDelivery(triggerId, messageId, runId);
  }

  // ---- tenant risk policy (PATCH /policies); floors are checked by the Worker before writing ----

  getRiskPolicy(): RiskPolicy {
    const rows = this.sql.exec<{ risk: RiskClass; decision: PolicyDecision }>('SELECT risk, decision FROM risk_policy').toArray();
    return Object.fromEntries(rows.map((row) => [row.risk, row.decision])) as RiskPolicy;
  }

  /** A merge patch: a decision sets that class's override, null removes it (back to the default). */
  patchRiskPolicy(patch: Partial<Record<RiskClass, PolicyDecision | null>>, by: string, at: string): RiskPolicy {
    this.ctx.storage.transactionSync(() => {
      for (const [risk, decision] of Object.entries(patch)) {
        if (decision === null) this.sql.exec('DELETE FROM risk_policy WHERE risk = ?', risk);
        else if (decision) this.sql.exec('INSERT OR REPLACE INTO risk_policy (risk, decision, updated_by, updated_at) VALUES (?, ?, ?, ?)', risk, decision, by, at);
      }
    });
    return this.getRiskPolicy();
  }

  // ---- connection auto-discovery (src/connections/discovery.ts): the latest result only ----

  saveDiscovery(record: DiscoveryRecord): void { this.discovery.save(record); }
  /** What GET /tools and /connections read, in one call: the latest discovery, the vault's names (its source) and the risk policy. */
  getDiscoveryState(): { record: DiscoveryRecord | null; vault: VaultEntry[]; risk_policy: RiskPolicy } {
    return { record: this.discovery.get(), vault: this.listVaultEntries(), risk_policy: this.getRiskPolicy() };
  }

  // ---- vault: ciphertext only (src/vault/ encrypts and decrypts in the Worker) ----

  /** Insert or replace; a replaced secret keeps who created it and when. */
  putVaultEntry(name: string, sealed: SealedSecret, by: string, at: string): { entry: VaultEntry; created: boolean } {
    return this.ctx.storage.transactionSync(() => {
      const created = this.sql.exec('SELECT 1 FROM vault WHERE name = ?', name).toArray().length === 0;
      this.sql.exec(
        `INSERT INTO vault (name, ciphertext, iv, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, iv = excluded.iv, updated_at = excluded.updated_at`,
        name, bytesOf(sealed.ciphertext), bytesOf(sealed.iv), by, at, at,
      );
      return { entry: this.sql.exec<VaultEntry>('SELECT name, created_by, created_at, updated_at FROM vault WHERE name = ?', name).one(), created };
    });
  }

  listVaultEntries(): VaultEntry[] {
    return this.sql.exec<VaultEntry>('SELECT name, created_by, created_at, updated_at FROM vault ORDER BY name').toArray();
  }

  /** The stored values for `names`; names not stored are simply absent. */
  getSealedSecrets(names: string[]): { name: string; sealed: SealedSecret }[] {
    return this.sql
      .exec<{ name: string; ciphertext: ArrayBuffer; iv: ArrayBuffer }>('SELECT name, ciphertext, iv FROM vault WHERE name IN (SELECT value FROM json_each(?))', JSON.stringify(names))
      .toArray()
      .map((row) => ({ name: row.name, sealed: { ciphertext: new Uint8Array(row.ciphertext), iv: new Uint8Array(row.iv) } }));
  }

  deleteVaultEntry(name: string): boolean {
    return this.sql.exec('DELETE FROM vault WHERE name = ?', name).rowsWritten > 0;
  }

  // ---- skill context persistence (src/skills/context.ts checks keys against the skill first) ----

  putSkillContext(entry: SkillContextEntry): void {
    this.sql.exec(
      `INSERT INTO skill_context (playbook_id, skill, key, value, run_id, updated_at, taint) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (playbook_id, skill, key) DO UPDATE SET value = excluded.value, run_id = excluded.run_id, updated_at = excluded.updated_at, taint = excluded.taint`,
      entry.playbook_id, entry.skill, entry.key, entry.value, entry.run_id, entry.updated_at, entry.taint,
    );
  }

  listSkillContext(playbookId: string): SkillContextEntry[] {
    return this.sql.exec<SkillContextEntry>('SELECT * FROM skill_context WHERE playbook_id = ? ORDER BY skill, key', playbookId).toArray();
  }
}

/** SQLite binds blobs from ArrayBuffers; copy out exactly the view's bytes. */
function bytesOf(view: Uint8Array): ArrayBuffer {
  return view.slice().buffer;
}
