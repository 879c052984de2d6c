import type { Env } from '../env';
import { PlaybookSpec, stepMode, type Step } from '../domain/playbook';
import type { BudgetPolicy } from '../domain/budget';
import { GridAnswer, type Run, type RunDetail, type RunStatus } from '../domain/run';
import { BudgetPolicy as BudgetSchema } from '../domain/budget';
import { riskRank } from '../domain/risk';
import type { ReferenceScope } from '../domain/references';
import { CLEAN, TaintFlow, childLabel, isTainted, parseTaint, taintJson, union, type Taint, type TaintScope } from '../broker/taint';
import { readArtifact, writeArtifact } from '../workspace/artifacts';
import type { ToolContext } from '../tools/types';
import { randomId } from '../auth/tokens';
import { tenantStub } from '../api/context';
import { ConflictError, NotFoundError, BadRequestError } from '../errors';
import type { EventHub } from './event-hub';
import { assertTransition, isTerminal } from './status';
import { GovernanceStore, type QuestionPurpose, type RunRow, type RunStore } from './store';
import { runDetail, runSummary } from './views';
import { runScriptedUnit } from '../executors/scripted';
import { runModelUnit } from '../executors/model/executor';
import { callTool, execute } from './tool-calls';
import { runStub } from '../runs/service';
import { AuditLog } from '../broker/audit';
import { canonicalJson, sha256Hex } from '../broker/canonical';
import { approvalView, decideApproval, fireApprovalTimer, requestBudgetApproval, updateApproval, type ApprovalAction } from '../broker/approvals';
import type { RunIndexUpdate } from '../tenant/run-index';
import { dispatch } from '../broker/broker';
import { policyDecision } from '../broker/decide';
import { toolRegistry } from '../tools/registry';
import type { ToolDefinition } from '../tools/types';
import type { Approval } from '../domain/run';
import type { User } from '../domain/user';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import type { RiskPolicy } from '../domain/policy';
import { maskSecrets, resolveVaultHandles, type ResolvedSecret } from '../vault/service';
import type { QuestionRequest } from '../tools/types';

/** What an executor unit reports back to the engine. */
export type UnitResult =
  /** `fresh`: run the next unit in a new invocation, with its own CPU allowance (heavy tool units). */
  | { kind: 'continue'; delay_ms?: number; fresh?: boolean }
  | { kind: 'step_done'; outputs: Record<string, unknown> }
  | { kind: 'step_failed'; error: string }
  | { kind: 'suspended' }
  | { kind: 'blocked'; reason: string }
  | { kind: 'budget_breach'; reason: string; needed: { usd: number; tokens: number } };

const FAILURE_OPTIONS = [
  { value: 'retry', label: 'Retry the step' },
  { value: 'skip', label: 'Skip the step and continue' },
  { value: 'abort', label: 'Abort the run' },
];
const CRASH_OPTIONS = [
  { value: 'happened', label: 'It happened: continue without repeating it' },
  { value: 'not_happened', label: 'It did not happen: run it again' },
  { value: 'abort', label: 'Abort the run' },
];
const SIDE_EFFECT_FLOOR = riskRank('write');

/**
 * Advances one run in small persisted units (spec §4). The Durable Object owns an instance and
 * calls `runUnit` from its alarm; every person-facing action (answer, pause, resume, cancel)
 * comes through here too, so status changes have one path.
 */
export class RunEngine {
  readonly governance: GovernanceStore;
  private readonly auditLog: AuditLog;
  /**
   * Calls being dispatched by this object right now. Memory only: after a crash it is empty, which
   * is exactly when an `intent` row means the outcome was lost.
   */
  readonly inFlight = new Set<string>();
  /** One index sync at a time, in order: a later update never overtakes an earlier one. */
  private indexSync: Promise<void> = Promise.resolve();
  /** Secret values read during this object's life, kept in memory only, to mask any echo of them. */
  private readonly secrets: ResolvedSecret[] = [];
  /** Per continuing call: what the tool keeps in memory between its units (ToolContext.memory). */
  private readonly callMemory = new Map<string, Map<string, unknown>>();

  constructor(
    readonly env: Env,
    readonly state: DurableObjectState,
    readonly store: RunStore,
    private readonly hub: EventHub,
  ) {
    this.governance = new GovernanceStore(state.storage.sql);
    this.auditLog = new AuditLog(state.storage.sql);
  }

  tools(): ReadonlyMap<string, ToolDefinition<any>> {
    return toolRegistry();
  }

  audit(kind: string, callId: string | null, data: Record<string, unknown>): void {
    this.auditLog.append(kind, callId, this.maskKnownSecrets(data));
  }

  auditTrail(): AuditLog {
    return this.auditLog;
  }

  hashOf(value: unknown): string {
    return sha256Hex(canonicalJson(value));
  }

  rememberSecrets(found: readonly ResolvedSecret[]): void {
    for (const secret of found) if (!this.secrets.some((s) => s.name === secret.name && s.value === secret.value)) this.secrets.push(secret);
  }

  secretsSeen(): readonly ResolvedSecret[] {
    return this.secrets;
  }

  maskKnownSecrets<T>(value: T): T {
    return this.secrets.length > 0 ? maskSecrets(value, this.secrets) : value;
  }

  /**
   * Untrusted content reached a value of the run. New sources are recorded and counted: from now
   * on every external send needs its own approval, and no approval given before this covers a
   * call carrying it (src/broker/approvals.ts).
   */
  acquireTaint(taint: Taint, callId: string | null): void {
    if (!isTainted(taint)) return;
    const run = this.store.run();
    const seen = parseTaint(run.taint);
    const merged = union(seen, taint);
    const fresh = merged.filter((label) => !seen.includes(label));
    if (fresh.length === 0) return;
    this.store.updateRun({ tainted: run.tainted + 1, taint: JSON.stringify(merged) }, this.now());
    this.emit('untrusted_content', { call_id: callId, sources: fresh, note: 'every external send, and every write carrying this data, now needs its own approval' });
    this.audit('tainted', callId, { sources: fresh });
  }

  policyDecision(tool: ToolDefinition<any>, risk: RiskClass): PolicyDecision {
    return policyDecision(tool, risk, JSON.parse(this.store.run().tenant_policy) as RiskPolicy, this.spec());
  }

  policyChanged(policy: RiskPolicy): void {
    this.store.updateRun({ tenant_policy: JSON.stringify(policy) }, this.now());
    this.audit('policy_changed', null, { policy });
  }

  /** Runs a tool's dry-run sibling: no side effects, no intent row; the result is shown and audited. */
  async dryRun(tool: ToolDefinition<any>, args: unknown, stepIdx: number, callId: string): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
    const stepId = this.store.step(stepIdx)?.id ?? '';
    const outcome = await dispatch(tool, args, { ...this.toolContext(stepId, callId, new TaintFlow(CLEAN)), dry_run: true });
    const result = this.maskKnownSecrets(outcome.ok ? (outcome.result.kind === 'done' ? outcome.result.output : { suspended: outcome.result.kind }) : { error: outcome.error });
    this.emit('dry_run', { call_id: callId, step_id: stepId, tool_id: tool.manifest.id, result });
    this.audit('dry_run', callId, { tool_id: tool.manifest.id, result_hash: this.hashOf(result ?? null) });
    return outcome.ok ? { ok: true, result } : { ok: false, error: this.maskKnownSecrets(outcome.error) };
  }

  /** After a commit: the approved call runs now, exactly once. */
  async executeApproved(callId: string): Promise<void> {
    const call = this.store.call(callId)!;
    const tool = this.tools().get(call.tool_id)!;
    await execute(this, call.step_idx, callId, tool, JSON.parse(call.args));
  }

  decideApproval(id: string, action: ApprovalAction, user: User): Promise<Approval> {
    return decideApproval(this, id, action, user);
  }

  approvalViews(): Approval[] {
    return this.governance.approvals().map((a) => approvalView(this, a));
  }

  /** Expiry and commit timers that are due, then the loop. Both survive restarts (timers table). */
  async fireDueTimers(): Promise<void> {
    for (const timer of this.governance.dueTimers(Date.now())) await fireApprovalTimer(this, timer);
  }

  now(): string {
    return new Date().toISOString();
  }

  spec(): PlaybookSpec {
    return JSON.parse(this.store.run().spec) as PlaybookSpec;
  }

  budget(): BudgetPolicy {
    return BudgetSchema.parse(JSON.parse(this.store.run().budget));
  }

  emit(type: string, data: Record<string, unknown>): void {
    const at = this.now();
    const seq = this.store.appendEvent(type, at, data);
    this.hub.publish({ seq, run_id: this.store.run().id, type, at, data });
  }

  /** Waits until everything written so far is on disk: the line between intent and dispatch. */
  async durable(): Promise<void> {
    await this.state.storage.sync();
  }

  bookCost(usd: number, tokens: number): void {
    const run = this.store.run();
    this.store.updateRun({ cost_usd: run.cost_usd + usd, tokens: run.tokens + tokens }, this.now());
  }

  /** `flow` collects what the call takes in: files it reads add their taint; files it writes get the total. */
  toolContext(stepId: string, callId: string, flow: TaintFlow): ToolContext {
    const run = this.store.run();
    return {
      env: this.env,
      run_id: run.id,
      playbook_id: run.playbook_id,
      run_by: run.created_by,
      step_id: stepId,
      call_id: callId,
      dry_run: false,
      remaining_budget: this.remainingBudget(),
      emit: (type, data) => this.emit(type, this.maskKnownSecrets(data)),
      taint: () => flow.taint,
      workspace: {
        read: async (path) => {
          const { text, info } = await readArtifact(this.env, run.id, path);
          flow.add(info.taint);
          return text;
        },
        write: (path, body, contentType) => writeArtifact(this.env, run.id, path, body, { contentType, taint: flow.taint }),
      },
      memory: this.memoryOf(callId),
      secret: async (name) => {
        const { value, secrets } = await resolveVaultHandles(this.env, `{{vault:${name}}}`);
        this.rememberSecrets(secrets);
        return value;
      },
    };
  }

  private memoryOf(callId: string): Map<string, unknown> {
    let memory = this.callMemory.get(callId);
    if (!memory) this.callMemory.set(callId, (memory = new Map()));
    return memory;
  }

  forgetCallMemory(callId: string): void {
    this.callMemory.delete(callId);
  }

  remainingBudget(): { usd: number; tokens: number; wall_clock_seconds: number } {
    const run = this.store.run();
    const budget = this.budget();
    return {
      usd: Math.max(0, budget.max_usd_per_run - run.cost_usd),
      tokens: Math.max(0, budget.max_tokens_per_run - run.tokens),
      wall_clock_seconds: Math.max(0, budget.max_wall_clock_seconds - this.wallClockMs(run) / 1000),
    };
  }

  wallClockMs(run: RunRow): number {
    return run.wall_ms + (run.running_since ? Date.now() - run.running_since : 0);
  }

  // ---- status -------------------------------------------------------------

  async setStatus(to: RunStatus, reason?: string, action = `move to ${to}`): Promise<void> {
    const run = this.store.run();
    if (run.status === to && reason === (run.status_reason ?? undefined)) return;
    if (run.status !== to) assertTransition(run.status, to, action);
    const nowMs = Date.now();
    // Wall-clock counts only time spent running, not time waiting for people (spec §6).
    const wall_ms = run.running_since ? run.wall_ms + (nowMs - run.running_since) : run.wall_ms;
    this.store.updateRun(
      {
        status: to,
        status_reason: reason ?? null,
        wall_ms,
        running_since: to === 'running' ? nowMs : null,
        ...(isTerminal(to) ? { ended_at: this.now() } : {}),
      },
      this.now(),
    );
    this.emit('status', { from: run.status, status: to, ...(reason ? { reason } : {}) });
    await this.report();
    if (isTerminal(to)) await this.onTerminal(to);
  }

  /** Keeps the tenant's run index (lists, filters, inbox) current. */
  async report(): Promise<void> {
    this.tell({ kind: 'run', run: runSummary(this.store.run()) });
    await this.syncIndex();
  }

  /** Queues an update of the Tenant's indexes in the run's outbox, beside the change it describes. */
  tell(update: RunIndexUpdate): void {
    this.store.enqueueIndexUpdate(update);
  }

  /** Sends the outbox to the Tenant in one call; what fails to send stays queued for the next sync or wake. */
  syncIndex(): Promise<void> {
    const send = async () => {
      const queued = this.store.indexOutbox();
      if (queued.length === 0) return;
      await tenantStub(this.env).applyRunIndex(queued.map((q) => q.update));
      this.store.dropIndexUpdates(queued.at(-1)!.seq);
    };
    this.indexSync = this.indexSync.then(send, send);
    return this.indexSync;
  }

  private async onTerminal(status: RunStatus): Promise<void> {
    const run = this.store.run();
    for (const q of this.store.pendingQuestions()) {
      this.store.updateQuestion(q.id, { status: 'cancelled' });
      this.tell({ kind: 'inbox_close', id: q.id });
    }
    for (const call of this.store.callsWithStatus('waiting', 'awaiting_approval')) {
      if (call.child_run_id) await runStub(this.env, call.child_run_id).cancel('system', `parent run ${run.id} ended ${status}`);
      this.store.updateCall(call.call_id, { status: 'abandoned', ended_at: this.now() });
      this.emit('tool_call_abandoned', { call_id: call.call_id, tool_id: call.tool_id, reason: `run ${status}` });
    }
    // The step in progress ends with the run: it did not finish, and it is not still running.
    for (const step of this.store.steps()) {
      if (step.status === 'running') this.store.updateStep(step.idx, { status: status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed', ended_at: this.now() });
    }
    for (const approval of this.governance.approvalsWithStatus('pending', 'approved')) updateApproval(this, approval.id, { status: 'expired', undo_until: null });
    this.governance.clearTimers();
    await this.syncIndex();
    await this.idle();
    if (run.parent_run_id && run.parent_call_id) {
      await runStub(this.env, run.parent_run_id).childFinished(run.parent_call_id, run.id, status, this.allOutputs(), run.cost_usd, run.tokens, parseTaint(this.store.run().taint));
    }
    this.hub.end();
  }

  /** The next alarm: the loop (if it has work, after `delayMs`) or the earliest timer, whichever is first. */
  async schedule(delayMs: number | null = 0): Promise<void> {
    const timer = this.governance.nextTimerDue();
    const loop = delayMs === null ? null : Date.now() + delayMs;
    const due = loop === null ? timer : timer === null ? loop : Math.min(loop, timer);
    if (due === null) await this.state.storage.deleteAlarm();
    else await this.state.storage.setAlarm(due);
  }

  /**
   * On every wake of the object (after an eviction, a deploy or a crash): if there is work or
   * crash evidence (a call left mid-dispatch) and no alarm, arm one, so a lost alarm can never
   * strand a run.
   */
  async rearmAfterWake(): Promise<void> {
    if (!this.store.exists()) return;
    // Index updates a crash left queued (an approval committed, the index not told) go out first;
    // if the Tenant cannot be reached now, they stay queued for the run's next sync.
    await this.syncIndex().catch(() => undefined);
    const run = this.store.run();
    if (isTerminal(run.status) || (await this.state.storage.getAlarm()) !== null) return;
    const lost = this.store.callsWithStatus('intent', 'awaiting_approval').length > 0;
    if (lost) await this.schedule(0);
    else await this.arm();
  }

  /** Nothing for the loop to do until someone (a person, a child run) or a timer wakes it. */
  idle(): Promise<void> {
    return this.schedule(null);
  }

  /** Re-arm for the current state: the loop if running and not paused, timers always. */
  arm(): Promise<void> {
    const run = this.store.run();
    return this.schedule(run.status === 'running' && !run.paused ? 0 : null);
  }

  // ---- the unit ------------------------------------------------------------

  /**
   * One unit of work: recover, then one tool call or one model turn, then persist.
   * Returns true when the next unit can start right away.
   */
  async runUnit(): Promise<boolean> {
    let run = this.store.run();
    if (isTerminal(run.status) || run.paused) return false;
    // Before anything else, in any live status: a crash can also hit a commit made while the run
    // was waiting_for_approval.
    if (await this.recoverInterruptedCalls()) return false;
    run = this.store.run();
    if (run.status === 'queued') {
      await this.setStatus('running', undefined, 'start');
      run = this.store.run();
    }
    if (run.status !== 'running') return false;
    const overTime = this.budgetShortfall({ usd: 0, tokens: 0 });
    if (overTime) {
      await this.budgetBreach(overTime, { usd: 0, tokens: 0 });
      return false;
    }

    const spec = this.spec();
    const idx = run.step_index;
    const step = spec.sop.steps[idx];
    if (!step) {
      this.emit('run_completed', { outputs: this.allOutputs() });
      await this.setStatus('done', undefined, 'finish');
      return false;
    }
    const row = this.store.step(idx)!;
    if (row.status === 'pending') {
      this.store.updateStep(idx, { status: 'running', started_at: this.now() });
      this.emit('step_started', { index: idx, step_id: step.id, title: step.title, mode: stepMode(step, spec.model) });
    }
    let result: UnitResult;
    try {
      result = stepMode(step, spec.model) === 'scripted' ? await runScriptedUnit(this, idx, step) : await runModelUnit(this, idx, step);
    } catch (error) {
      result = { kind: 'step_failed', error: error instanceof Error ? error.message : String(error) };
    }
    return this.afterUnit(idx, step, result);
  }

  private async afterUnit(idx: number, step: Step, result: UnitResult): Promise<boolean> {
    const status = this.store.run().status;
    if (status !== 'running') return false; // paused, cancelled or waiting while the unit ran
    switch (result.kind) {
      case 'continue':
        if (!result.delay_ms && !result.fresh) return true;
        await this.schedule(result.delay_ms ?? 0);
        return false;
      case 'suspended':
        // Waiting on a person or a child run: they report back, so only timers need the alarm.
        await this.idle();
        return false;
      case 'blocked':
        await this.setStatus('blocked', result.reason, 'block');
        return false;
      case 'step_done':
        this.finishStep(idx, step, 'done', result.outputs);
        return true;
      case 'step_failed':
        await this.failStep(idx, step, result.error);
        return false;
      case 'budget_breach':
        await this.budgetBreach(result.reason, result.needed);
        return false;
    }
  }

  // ---- budget (spec §6) ------------------------------------------------------

  /** Would spending this much more cross a cap? Checked before each model call (reserve-before-call). */
  budgetShortfall(more: { usd: number; tokens: number }): string | null {
    const run = this.store.run();
    const budget = this.budget();
    if (run.cost_usd + more.usd > budget.max_usd_per_run) {
      return `the next model call may cost up to $${more.usd.toFixed(4)}; $${run.cost_usd.toFixed(4)} of $${budget.max_usd_per_run} is spent`;
    }
    if (run.tokens + more.tokens > budget.max_tokens_per_run) {
      return `the next model call may use up to ${more.tokens} tokens; ${run.tokens} of ${budget.max_tokens_per_run} are used`;
    }
    if (this.wallClockMs(run) > budget.max_wall_clock_seconds * 1000) {
      return `the run has been running for more than ${budget.max_wall_clock_seconds} s`;
    }
    return null;
  }

  /** `pause_for_approval` asks to raise the caps; `abort` ends the run with budget_breached. */
  async budgetBreach(reason: string, needed: { usd: number; tokens: number }): Promise<void> {
    const run = this.store.run();
    const budget = this.budget();
    const spent = { usd: run.cost_usd, tokens: run.tokens, wall_clock_seconds: this.wallClockMs(run) / 1000 };
    this.emit('budget_breached', { reason, on_breach: budget.on_breach, spent, budget });
    this.audit('budget_breached', null, { reason, on_breach: budget.on_breach, spent });
    if (budget.on_breach === 'abort') return this.setStatus('failed', `budget_breached: ${reason}`, 'abort on budget breach');
    const ratio = Math.max(
      (spent.usd + needed.usd) / budget.max_usd_per_run,
      (spent.tokens + needed.tokens) / budget.max_tokens_per_run,
      spent.wall_clock_seconds / budget.max_wall_clock_seconds,
    );
    const raise_percent = Math.max(50, Math.ceil(((ratio - 1) * 100) / 10) * 10 + 10);
    const factor = 1 + raise_percent / 100;
    await requestBudgetApproval(this, {
      reason,
      raise_percent,
      new_budget: {
        max_usd_per_run: Number((budget.max_usd_per_run * factor).toFixed(6)),
        max_tokens_per_run: Math.ceil(budget.max_tokens_per_run * factor),
        max_wall_clock_seconds: Math.ceil(budget.max_wall_clock_seconds * factor),
      },
    });
  }

  async raiseBudget(caps: Record<string, number>, by: string): Promise<void> {
    const budget = { ...this.budget(), ...caps };
    this.store.updateRun({ budget: JSON.stringify(budget) }, this.now());
    this.emit('budget_raised', { by, budget });
    this.audit('budget_raised', null, { by, budget });
    this.emitBudget();
    await this.continueAfterPerson();
  }

  async budgetRefused(reason: string): Promise<void> {
    await this.setStatus('failed', `budget_breached: the raise was not approved (${reason})`, 'fail on refused budget raise');
  }

  /** Remaining budget on the stream (spec §6: part of the run state and the SSE stream). */
  emitBudget(): void {
    const run = this.store.run();
    const budget = this.budget();
    const remaining = this.remainingBudget();
    this.emit('budget', { spent_usd: run.cost_usd, spent_tokens: run.tokens, max_usd: budget.max_usd_per_run, max_tokens: budget.max_tokens_per_run, remaining_usd: remaining.usd, remaining_tokens: remaining.tokens });
  }

  finishStep(idx: number, step: Step, status: 'done' | 'skipped', outputs?: Record<string, unknown>, error?: string): void {
    this.store.updateStep(idx, { status, ended_at: this.now(), ...(outputs ? { outputs: JSON.stringify(outputs) } : {}), ...(error ? { error } : {}) });
    this.store.updateRun({ step_index: idx + 1 }, this.now());
    this.emit(status === 'done' ? 'step_completed' : 'step_skipped', { index: idx, step_id: step.id, ...(outputs ? { outputs } : {}), ...(error ? { error } : {}) });
  }

  /** `on_failure` (spec §2): abort, skip, ask_user (retry / skip / abort), call_subagent. */
  private async failStep(idx: number, step: Step, error: string): Promise<void> {
    this.store.updateStep(idx, { error });
    this.emit('step_failed', { index: idx, step_id: step.id, error, on_failure: step.on_failure });
    switch (step.on_failure) {
      case 'skip':
        this.finishStep(idx, step, 'skipped', undefined, error);
        return this.schedule();
      case 'ask_user':
        return this.ask(idx, null, 'on_failure', {
          kind: 'radio',
          prompt: `Step "${step.title}" failed: ${error}\nWhat should the run do?`,
          options: FAILURE_OPTIONS,
        });
      case 'call_subagent': {
        const site = { step_idx: idx, step: { ...step, allowed_tools: ['kbagent.call_playbook'] }, model_call_id: 'on_failure' };
        const outcome = await callTool(this, site, 'kbagent.call_playbook', {
          playbook_id: step.subagent,
          inputs: { failed_step_id: step.id, error, parent_run_id: this.store.run().id },
        });
        if (outcome.kind === 'failed') return this.abort(idx, step, `${error}; the subagent failed: ${outcome.error}`);
        if (outcome.kind === 'done') {
          this.finishStep(idx, step, 'skipped', { subagent: outcome.output as Record<string, unknown> }, error);
          return this.schedule();
        }
        return this.idle();
      }
      case 'abort':
        return this.abort(idx, step, error);
    }
  }

  private async abort(idx: number, step: Step, error: string): Promise<void> {
    this.store.updateStep(idx, { status: 'failed', ended_at: this.now(), error });
    await this.setStatus('failed', `Step "${step.id}" failed: ${error}`, 'fail');
  }

  /**
   * A call left in `intent` means the runtime died between recording it and recording its
   * result. Reads and computes are safe to run again; anything with side effects is never
   * repeated automatically: a person says whether it happened (spec §4).
   */
  private async recoverInterruptedCalls(): Promise<boolean> {
    // Recorded but never dispatched (no approval was opened for it): safe to issue again.
    const open = new Set(this.governance.approvalsWithStatus('pending', 'approved').map((a) => a.call_id));
    for (const call of this.store.callsWithStatus('awaiting_approval')) {
      if (!open.has(call.call_id)) this.store.updateCall(call.call_id, { status: 'abandoned', ended_at: this.now(), error: 'interrupted before dispatch' });
    }
    for (const call of this.store.callsWithStatus('intent')) {
      if (this.inFlight.has(call.call_id)) continue; // dispatching right now in this object, not lost
      if (riskRank(call.risk) < SIDE_EFFECT_FLOOR) {
        this.store.updateCall(call.call_id, { status: 'abandoned', ended_at: this.now(), error: 'interrupted; re-run after restart' });
        this.emit('tool_call_recovered', { call_id: call.call_id, tool_id: call.tool_id, action: 'rerun' });
        continue;
      }
      this.store.updateCall(call.call_id, { status: 'unknown', error: 'the runtime stopped before the result was recorded' });
      this.emit('tool_call_recovered', { call_id: call.call_id, tool_id: call.tool_id, action: 'ask_human' });
      await this.ask(call.step_idx, call.call_id, 'crash_recovery', {
        kind: 'radio',
        prompt: `The runtime restarted while "${call.tool_id}" (${call.risk}) was running with ${truncate(call.args, 500)}. It has side effects, so it will not be repeated automatically. Did it happen?`,
        options: CRASH_OPTIONS,
      });
      return true;
    }
    return false;
  }

  // ---- people --------------------------------------------------------------

  async ask(stepIdx: number, callId: string | null, purpose: QuestionPurpose, question: QuestionRequest): Promise<void> {
    const run = this.store.run();
    const id = randomId('q');
    const at = this.now();
    const rows = question.rows ? JSON.stringify(question.rows) : null;
    this.store.insertQuestion({ id, step_idx: stepIdx, call_id: callId, purpose, kind: question.kind, prompt: question.prompt, options: JSON.stringify(question.options), rows, created_at: at });
    this.emit('question_asked', { question_id: id, purpose, kind: question.kind, prompt: question.prompt, options: question.options, ...(question.rows ? { rows: question.rows } : {}) });
    this.tell({ kind: 'inbox_open', item: { id, kind: 'question', run_id: run.id, playbook_id: run.playbook_id, title: question.prompt.slice(0, 200), created_at: at } });
    await this.setStatus('waiting_for_input', 'waiting for an answer', 'wait for input');
  }

  async answer(questionId: string, answer: unknown, by: string, comment?: string): Promise<void> {
    const q = this.store.question(questionId);
    if (!q) throw new NotFoundError('Question', questionId);
    if (q.status !== 'pending') throw new ConflictError(`Question "${questionId}" is already ${q.status}`);
    const options = JSON.parse(q.options) as QuestionRequest['options'];
    const value = validateAnswer(q.kind, options, JSON.parse(q.rows ?? '[]') as { value: string }[], answer);
    requireComment(options, value, comment);
    const at = this.now();
    this.store.updateQuestion(questionId, { status: 'answered', answer: JSON.stringify(value), answered_by: by, answered_at: at, ...(comment ? { comment } : {}) });
    this.emit('question_answered', { question_id: questionId, answer: value, by, ...(comment ? { comment } : {}) });
    this.tell({ kind: 'inbox_close', id: questionId });
    await this.syncIndex();
    const step = this.spec().sop.steps[q.step_idx]!;
    switch (q.purpose) {
      case 'tool':
        // An answer to a question that quotes untrusted data (its options, its prompt) carries that data.
        this.store.updateCall(q.call_id!, { status: 'done', result: JSON.stringify(value), ended_at: at, taint: this.store.call(q.call_id!)?.args_taint ?? null });
        break;
      case 'crash_recovery':
        if (value === 'abort') return this.abort(q.step_idx, step, 'aborted after an uncertain tool call');
        this.store.updateCall(q.call_id!, value === 'happened'
          ? { status: 'done', result: JSON.stringify({ confirmed_by: by, note: 'a person confirmed the call happened; its result was not recorded' }), ended_at: at }
          : { status: 'abandoned', ended_at: at });
        break;
      case 'on_failure':
        if (value === 'abort') return this.abort(q.step_idx, step, this.store.step(q.step_idx)?.error ?? 'aborted by a person');
        if (value === 'skip') this.finishStep(q.step_idx, step, 'skipped', undefined, this.store.step(q.step_idx)?.error ?? undefined);
        else this.retryStep(q.step_idx);
        break;
    }
    await this.continueAfterPerson();
  }

  /** Failed calls of the step are set aside so the step's next unit issues them again. */
  private retryStep(idx: number): void {
    for (const call of this.store.allCalls()) {
      if (call.step_idx === idx && (call.status === 'error' || call.status === 'refused')) this.store.updateCall(call.call_id, { status: 'abandoned' });
    }
    this.store.updateStep(idx, { error: null });
    this.emit('step_retried', { index: idx });
  }

  /** After an answer or a child's end: back to running unless paused or still waiting on something. */
  async continueAfterPerson(): Promise<void> {
    const run = this.store.run();
    if (isTerminal(run.status) || run.paused) return;
    // Still waiting on a person: the status says for what (an approval decided while a question is open).
    if (this.governance.approvalsWithStatus('pending', 'approved').length > 0) return;
    if (this.store.pendingQuestions().length > 0) {
      if (run.status !== 'waiting_for_input') await this.setStatus('waiting_for_input', 'waiting for an answer', 'wait for input');
      return;
    }
    if (run.status !== 'running') await this.setStatus('running', undefined, 'continue');
    await this.schedule();
  }

  async pause(by: string): Promise<void> {
    const run = this.store.run();
    if (isTerminal(run.status)) throw new ConflictError(`Cannot pause a run that is ${run.status}`, { status: run.status });
    if (run.paused) throw new ConflictError('The run is already paused', { status: run.status });
    if (run.status !== 'blocked') await this.setStatus('blocked', `paused by ${by}`, 'pause');
    this.store.updateRun({ paused: 1, status_reason: `paused by ${by}` }, this.now());
    this.emit('paused', { by });
    // Approved sends still in their undo window now wait for the resume (their views say so).
    for (const approval of this.governance.approvalsWithStatus('approved')) this.tell({ kind: 'approval', approval: approvalView(this, approval) });
    await this.report();
  }

  async resume(by: string): Promise<void> {
    const run = this.store.run();
    if (run.status !== 'blocked') throw new ConflictError(`Cannot resume a run that is ${run.status}; only paused or blocked runs resume`, { status: run.status });
    this.store.updateRun({ paused: 0 }, this.now());
    this.emit('resumed', { by });
    // A commit held by the pause goes out now (or when its undo window ends, if it has not yet).
    for (const approval of this.governance.approvalsWithStatus('approved')) {
      this.governance.setTimer('approval_commit', approval.id, Math.max(Date.now(), Date.parse(approval.undo_until ?? this.now())));
      this.tell({ kind: 'approval', approval: approvalView(this, approval) });
    }
    // Re-derive the state: a question still open puts it back to waiting, otherwise it runs.
    if (this.store.pendingQuestions().length > 0) return this.setStatus('waiting_for_input', 'waiting for an answer', 'resume');
    const waitingApproval = this.governance.approvalsWithStatus('pending', 'approved')[0];
    if (waitingApproval) {
      await this.setStatus('waiting_for_approval', waitingApproval.title, 'resume');
      return this.arm();
    }
    await this.setStatus('running', undefined, 'resume');
    await this.schedule();
  }

  async cancel(by: string, reason?: string): Promise<void> {
    const run = this.store.run();
    if (isTerminal(run.status)) throw new ConflictError(`Cannot cancel a run that is ${run.status}`, { status: run.status });
    this.emit('cancel_requested', { by, ...(reason ? { reason } : {}) });
    await this.setStatus('cancelled', reason ?? `cancelled by ${by}`, 'cancel');
  }

  /**
   * A child run ended. Its call may still be mid-dispatch (`intent`): then callTool picks the result
   * up. The child's outputs carry everything untrusted the child ever took in (`childTaint`).
   */
  async childFinished(callId: string, childId: string, status: RunStatus, outputs: Record<string, unknown>, usd: number, tokens: number, childTaint: Taint = CLEAN): Promise<void> {
    const call = this.store.call(callId);
    if (!call || !(call.status === 'waiting' || call.status === 'intent') || (call.child_run_id && call.child_run_id !== childId)) return;
    this.bookCost(usd, tokens);
    const at = this.now();
    this.emit('child_run_finished', { call_id: callId, child_run_id: childId, status });
    const taint = union(parseTaint(call.args_taint), isTainted(childTaint) ? [childLabel(childId), ...childTaint] : CLEAN);
    if (status === 'done') {
      this.store.updateCall(callId, { status: 'done', child_run_id: childId, result: JSON.stringify({ run_id: childId, status, outputs }), ended_at: at, taint: taintJson(taint) });
      this.acquireTaint(taint, callId);
    }
    else this.store.updateCall(callId, { status: 'error', child_run_id: childId, error: `child run ${childId} ended ${status}`, ended_at: at });
    if (call.status === 'intent') return;
    if (call.model_call_id === 'on_failure') {
      const step = this.spec().sop.steps[call.step_idx]!;
      if (status !== 'done') return this.abort(call.step_idx, step, `the subagent run ${childId} ended ${status}`);
      this.finishStep(call.step_idx, step, 'skipped', { subagent: { run_id: childId, outputs } }, this.store.step(call.step_idx)?.error ?? undefined);
    }
    await this.continueAfterPerson();
  }

  // ---- views ---------------------------------------------------------------

  referenceScope(): ReferenceScope {
    const run = this.store.run();
    const spec = this.spec();
    const steps: ReferenceScope['steps'] = {};
    for (const row of this.store.steps()) steps[row.id] = { outputs: JSON.parse(row.outputs) as Record<string, unknown> };
    // Per kbagent.human_in_loop action id: the answer, and the question record (who answered, when,
    // with what comment); a list, in item order, for an action with for_each.
    const answers: Record<string, unknown> = {};
    const questions: Record<string, unknown> = {};
    const asked = new Map(this.store.questions().filter((q) => q.call_id && q.status === 'answered').map((q) => [q.call_id!, q]));
    const hitl = this.store.allCalls().filter((c) => c.tool_id === 'kbagent.human_in_loop' && c.status === 'done' && c.action_idx !== null);
    hitl.sort((a, b) => a.step_idx - b.step_idx || a.action_idx! - b.action_idx! || (a.item_idx ?? 0) - (b.item_idx ?? 0));
    for (const call of hitl) {
      const action = spec.sop.steps[call.step_idx]?.actions?.[call.action_idx!];
      if (!action?.id) continue;
      const q = asked.get(call.call_id);
      const answer = JSON.parse(call.result ?? 'null') as unknown;
      const record = { answer, comment: q?.comment ?? '', answered_by: q?.answered_by ?? '', answered_at: q?.answered_at ?? '' };
      if (action.for_each !== undefined) {
        answers[action.id] = [...((answers[action.id] as unknown[] | undefined) ?? []), answer];
        questions[action.id] = [...((questions[action.id] as unknown[] | undefined) ?? []), record];
      } else {
        answers[action.id] = answer;
        questions[action.id] = record;
      }
    }
    return { inputs: JSON.parse(run.inputs) as Record<string, unknown>, steps, answers, questions, run: this.runScope() };
  }

  /**
   * What `${{ }}` references lead to, in taint (src/broker/taint.ts): each input's, each step
   * output key's (a scripted action's calls; all of a model step's conversation) and each answer's.
   */
  taintScope(): TaintScope {
    const run = this.store.run();
    const spec = this.spec();
    const steps: Record<string, Record<string, Taint>> = {};
    for (const row of this.store.steps()) {
      steps[row.id] = stepMode(spec.sop.steps[row.idx]!, spec.model) === 'agent' ? { '*': parseTaint(row.context_taint) } : {};
    }
    const answers: Record<string, Taint> = {};
    for (const call of this.store.allCalls()) {
      const taint = parseTaint(call.taint);
      if (call.status !== 'done' || !isTainted(taint)) continue;
      const step = spec.sop.steps[call.step_idx]!;
      const action = call.action_idx === null ? undefined : step.actions?.[call.action_idx];
      const key = call.model_call_id === 'on_failure' ? 'subagent' : action ? (action.id ?? `action_${call.action_idx}`) : null;
      if (key === null) continue;
      const outputs = steps[step.id]!;
      outputs[key] = union(outputs[key], taint);
      if (action?.id && call.tool_id === 'kbagent.human_in_loop') answers[action.id] = union(answers[action.id], taint);
    }
    return { inputs: JSON.parse(run.input_taint ?? '{}') as Record<string, Taint>, steps, answers };
  }

  /** `${{ run.* }}`: identity, and what the run has spent so far (a report step states it). */
  private runScope(): ReferenceScope['run'] {
    const run = this.store.run();
    // The run's page in the UI; absolute when the deployment says where it is served, so a link sent out opens.
    const base = this.env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') ?? '';
    return {
      id: run.id, number: run.number, playbook_id: run.playbook_id, url: `${base}/runs/${run.id}`,
      cost_usd: run.cost_usd, tokens: run.tokens, wall_clock_seconds: Math.round(this.wallClockMs(run) / 1000), budget: this.budget(),
    };
  }

  allOutputs(): Record<string, unknown> {
    return Object.fromEntries(this.store.steps().map((s) => [s.id, JSON.parse(s.outputs)]));
  }

  detail(): RunDetail {
    return runDetail(this.store, this.spec(), this.budget(), this.wallClockMs(this.store.run()), this.approvalViews());
  }

  summary(): Run {
    return runSummary(this.store.run());
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An option that stands for something the person must spell out (custom thresholds) needs a comment. */
function requireComment(options: QuestionRequest['options'], value: unknown, comment: string | undefined): void {
  if (comment?.trim()) return;
  const chosen = [value].flat();
  const needing = options.find((o) => o.requires_comment && chosen.includes(o.value));
  if (needing) throw new BadRequestError(`"${needing.label}" needs a comment with the answer${needing.detail ? `: ${needing.detail}` : ''}`, { option: needing.value });
}

/**
 * Radio answers must be one of the options; multi a list of them; text a string; file an artifact
 * path; grid one option per row, every row exactly once.
 */
function validateAnswer(kind: string, options: { value: string }[], rows: { value: string }[], answer: unknown): unknown {
  const values = options.map((o) => o.value);
  switch (kind) {
    case 'grid': {
      const parsed = GridAnswer.safeParse(answer);
      if (!parsed.success) throw new BadRequestError('A grid answer must be a list of {row, choice, comment?}', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      const byRow = new Map(parsed.data.map((a) => [a.row, a]));
      const expected = rows.map((r) => r.value);
      const unknown = parsed.data.filter((a) => !expected.includes(a.row)).map((a) => a.row);
      const missing = expected.filter((r) => !byRow.has(r));
      if (unknown.length > 0 || missing.length > 0 || byRow.size !== parsed.data.length) {
        throw new BadRequestError(`Answer every row exactly once${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; not rows of this question: ${unknown.join(', ')}` : ''}`, { rows: expected });
      }
      const wrong = parsed.data.filter((a) => !values.includes(a.choice));
      if (wrong.length > 0) throw new BadRequestError(`Row ${wrong[0]!.row}: the choice must be one of: ${values.join(', ')}`, { options: values });
      return expected.map((row) => byRow.get(row)!);
    }
    case 'radio':
      if (typeof answer !== 'string' || !values.includes(answer)) throw new BadRequestError(`The answer must be one of: ${values.join(', ')}`, { options: values });
      return answer;
    case 'multi':
      if (!Array.isArray(answer) || answer.some((a) => typeof a !== 'string' || !values.includes(a))) {
        throw new BadRequestError(`The answer must be a list drawn from: ${values.join(', ')}`, { options: values });
      }
      return [...new Set(answer as string[])];
    case 'text':
      if (typeof answer !== 'string' || answer.length > 20_000) throw new BadRequestError('The answer must be text (at most 20,000 characters)');
      return answer;
    default:
      if (!answer || typeof answer !== 'object' || typeof (answer as { path?: unknown }).path !== 'string') {
        throw new BadRequestError('A file answer must be {path} of the uploaded workspace file');
      }
      return answer;
  }
}
