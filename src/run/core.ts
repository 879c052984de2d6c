import type { Env } from '../env';
import type { PlaybookSpec } from '../domain/playbook';
import { BudgetPolicy } from '../domain/budget';
import type { RunStatus } from '../domain/run';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import type { RiskPolicy } from '../domain/policy';
import { isTainted, parseTaint, union, type Taint, type TaintFlow } from '../broker/taint';
import type { GovernedRun, RunFacts } from '../broker/ports';
import { AuditLog } from '../broker/audit';
import { policyDecision } from '../broker/decide';
import { approvalIndexUpdates, requestBudgetApproval, updateApproval } from '../broker/approvals';
import { toolRegistry } from '../tools/registry';
import type { QuestionRequest, ToolContext, ToolDefinition } from '../tools/types';
import { randomId } from '../auth/tokens';
import { tenantStub } from '../api/context';
import { runStub } from '../runs/service';
import { maskSecrets, type ResolvedSecret } from '../vault/service';
import { toolContextFor } from './tool-context';
import type { RunIndexUpdate } from '../tenant/run-index';
import type { EventHub } from './event-hub';
import { assertTransition, isTerminal } from './status';
import { GovernanceStore, type QuestionPurpose, type RunRow, type RunStore } from './store';
import { runSummary } from './views';
import { bookedOnChange } from './clock';
import { raiseProposal } from './budget';

/**
 * One run's state and the operations everything else builds on (spec §4, §6): the ledger the
 * Broker records into (it implements the Broker's GovernedRun port), the event stream, the status
 * machine with its alarm, and the outbox to the Tenant's indexes. The unit loop (loop.ts), people's
 * actions (people.ts), the budget (budget.ts) and the executors work through it.
 */
export class RunCore implements GovernedRun {
  readonly governance: GovernanceStore;
  readonly auditLog: AuditLog;
  /**
   * Calls being dispatched by this object right now. Memory only: after a crash it is empty, which
   * is exactly when an `intent` row means the outcome was lost.
   */
  readonly dispatching = new Set<string>();
  /** One index sync at a time, in order: a later update never overtakes an earlier one. */
  private indexSync: Promise<void> = Promise.resolve();
  /** Secret values read during this object's life, kept in memory only, to mask any echo of them. */
  private readonly secrets: ResolvedSecret[] = [];
  /** Per continuing call: what the tool keeps in memory between its units (ToolContext.memory). */
  private readonly callMemory = new Map<string, Map<string, unknown>>();
  private pinned: PlaybookSpec | undefined;
  private caps: BudgetPolicy | undefined;
  /** The tenant policy, parsed once, and again after an admin changes it (policyChanged). */
  private policy: RiskPolicy | undefined;
  private readonly computeByStep = new Map<number, number>();
  private computeUnwritten = 0;

  constructor(
    readonly env: Env,
    readonly state: DurableObjectState,
    readonly store: RunStore,
    readonly hub: EventHub,
  ) {
    this.governance = new GovernanceStore(state.storage.sql);
    this.auditLog = new AuditLog(state.storage.sql, store.writes);
  }

  // ---- what the Broker reads and records (GovernedRun) ----------------------

  get calls(): RunStore {
    return this.store;
  }

  facts(): RunFacts {
    return this.store.run();
  }

  /** The pinned revision: immutable for the run's life, so parsed once per object. */
  spec(): PlaybookSpec {
    return (this.pinned ??= this.store.pinnedSpec());
  }

  /** Parsed once, and again only when a person raises it. */
  budget(): BudgetPolicy {
    return (this.caps ??= BudgetPolicy.parse(JSON.parse(this.store.run().budget)));
  }

  stepId(idx: number): string {
    return this.spec().sop.steps[idx]?.id ?? '';
  }

  tools(): ReadonlyMap<string, ToolDefinition<any>> {
    return toolRegistry();
  }

  now(): string {
    return new Date().toISOString();
  }

  decide(tool: ToolDefinition<any>, risk: RiskClass): PolicyDecision {
    return policyDecision(tool, risk, (this.policy ??= JSON.parse(this.store.run().tenant_policy) as RiskPolicy), this.spec());
  }

  /** An admin changed the tenant's policy (pushed by PATCH /policies): the next call decides by it. */
  policyChanged(policy: RiskPolicy): void {
    this.store.updateRun({ tenant_policy: JSON.stringify(policy) }, this.now());
    this.policy = undefined;
    this.audit('policy_changed', null, { policy });
  }

  audit(kind: string, callId: string | null, data: Record<string, unknown>): void {
    this.auditLog.append(kind, callId, this.mask(data));
  }

  emit(type: string, data: Record<string, unknown>): void {
    const at = this.now();
    const seq = this.store.appendEvent(type, at, data);
    if (this.hub.listening) this.hub.publish({ seq, run_id: this.store.run().id, type, at, data });
  }

  rememberSecrets(found: readonly ResolvedSecret[]): void {
    for (const secret of found) if (!this.secrets.some((s) => s.name === secret.name && s.value === secret.value)) this.secrets.push(secret);
  }

  mask<T>(value: T): T {
    return this.secrets.length > 0 ? maskSecrets(value, this.secrets) : value;
  }

  /**
   * Untrusted content reached a value of the run. New sources are recorded and counted: from now
   * on every external send needs its own approval, and every sink carrying it (src/broker/calls.ts).
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

  /** Waits until everything written so far is on disk: the line between a side effect's intent and its dispatch. */
  async durable(): Promise<void> {
    this.store.writes.flush();
    await this.state.storage.sync();
  }

  bookCost(usd: number, tokens: number): void {
    const run = this.store.run();
    this.store.updateRun({ cost_usd: run.cost_usd + usd, tokens: run.tokens + tokens }, this.now());
  }

  /** `flow` collects what the call takes in: files it reads add their taint; files it writes get the total. */
  toolContext(stepId: string, callId: string, flow: TaintFlow): ToolContext {
    return toolContextFor(this, stepId, callId, flow);
  }

  memoryOf(callId: string): Map<string, unknown> {
    let memory = this.callMemory.get(callId);
    if (!memory) this.callMemory.set(callId, (memory = new Map()));
    return memory;
  }

  releaseCall(callId: string): void {
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

  /** Would spending this much more cross a cap? Checked before each model call (reserve-before-call) and each unit. */
  budgetShortfall(more: { usd: number; tokens: number }): string | null {
    const run = this.store.run();
    const budget = this.budget();
    if (run.cost_usd + more.usd > budget.max_usd_per_run) {
      return `the next model call may cost up to $${more.usd.toFixed(4)}; $${run.cost_usd.toFixed(4)} of $${budget.max_usd_per_run} is spent`;
    }
    if (run.tokens + more.tokens > budget.max_tokens_per_run) return `the next model call may use up to ${more.tokens} tokens; ${run.tokens} of ${budget.max_tokens_per_run} are used`;
    if (this.wallClockMs(run) > budget.max_wall_clock_seconds * 1000) return `the run has been running for more than ${budget.max_wall_clock_seconds} s`;
    return null;
  }

  /** Time spent running, not waiting for people (spec §6): what the wall-clock cap counts. */
  wallClockMs(run: RunRow = this.store.run()): number {
    return run.wall_ms + (run.status === 'running' && run.status_since ? Date.now() - run.status_since : 0);
  }

  /** Time inside units, kept in memory and written once per loop invocation (flushCompute) or with the write that finishes its step. */
  bookCompute(stepIdx: number, ms: number): void {
    this.computeByStep.set(stepIdx, (this.computeByStep.get(stepIdx) ?? 0) + ms);
    this.computeUnwritten += ms;
  }

  /** The step's compute_ms including its unwritten time, for the write that finishes the step (so it needs no statement of its own). */
  takeStepCompute(stepIdx: number): number {
    const ms = this.computeByStep.get(stepIdx) ?? 0;
    this.computeByStep.delete(stepIdx);
    return this.store.step(stepIdx)!.compute_ms + ms;
  }

  flushCompute(): void {
    if (this.computeUnwritten === 0) return;
    for (const [idx, ms] of this.computeByStep) {
      const step = this.store.step(idx);
      if (step && ms > 0) this.store.updateStep(idx, { compute_ms: step.compute_ms + ms });
    }
    this.computeByStep.clear();
    this.store.updateRun({ compute_ms: this.store.run().compute_ms + this.computeUnwritten }, this.now());
    this.computeUnwritten = 0;
  }

  /** A person raised the caps (an approved budget approval). */
  async raiseBudget(caps: Record<string, number>, by: string): Promise<void> {
    const budget = { ...this.budget(), ...caps };
    this.store.updateRun({ budget: JSON.stringify(budget) }, this.now());
    this.caps = budget;
    this.emit('budget_raised', { by, budget });
    this.audit('budget_raised', null, { by, budget });
    this.emitBudget();
    await this.continueAfterPerson();
  }

  async budgetRefused(reason: string): Promise<void> {
    await this.setStatus('failed', `budget_breached: the raise was not approved (${reason})`, 'fail on refused budget raise');
  }

  /** `pause_for_approval` asks to raise the caps; `abort` ends the run with budget_breached (spec §6). */
  async budgetBreach(reason: string, needed: { usd: number; tokens: number }): Promise<void> {
    const run = this.store.run();
    const budget = this.budget();
    const spent = { usd: run.cost_usd, tokens: run.tokens, wall_clock_seconds: this.wallClockMs(run) / 1000 };
    this.emit('budget_breached', { reason, on_breach: budget.on_breach, spent, budget });
    this.audit('budget_breached', null, { reason, on_breach: budget.on_breach, spent });
    if (budget.on_breach === 'abort') return this.setStatus('failed', `budget_breached: ${reason}`, 'abort on budget breach');
    await requestBudgetApproval(this, { reason, ...raiseProposal(budget, spent, needed) });
  }

  /** Remaining budget on the stream (spec §6: part of the run state and the SSE stream). */
  emitBudget(): void {
    const run = this.store.run();
    const budget = this.budget();
    const remaining = this.remainingBudget();
    this.emit('budget', { spent_usd: run.cost_usd, spent_tokens: run.tokens, max_usd: budget.max_usd_per_run, max_tokens: budget.max_tokens_per_run, remaining_usd: remaining.usd, remaining_tokens: remaining.tokens });
  }

  // ---- status ---------------------------------------------------------------

  /** `reportNow: false` leaves the Tenant's copy to the outbox's next sync (the loop syncs as its invocation ends). */
  async setStatus(to: RunStatus, reason?: string, action = `move to ${to}`, reportNow = true): Promise<void> {
    const run = this.store.run();
    if (run.status === to && reason === (run.status_reason ?? undefined)) return;
    if (run.status !== to) assertTransition(run.status, to, action);
    const nowMs = Date.now();
    // Wall-clock counts only time spent running, not time waiting for people (spec §6); the wait
    // is booked to the run and to the step it happened in.
    const booked = bookedOnChange(run, nowMs);
    const step = this.store.step(run.step_index);
    if (booked.wait_ms > 0 && step?.status === 'running') this.store.updateStep(step.idx, { wait_ms: step.wait_ms + booked.wait_ms });
    if (isTerminal(to)) this.flushCompute();
    this.store.updateRun({
      status: to, status_reason: reason ?? null, wall_ms: run.wall_ms + booked.wall_ms, wait_ms: run.wait_ms + booked.wait_ms,
      status_since: isTerminal(to) ? null : nowMs, ...(isTerminal(to) ? { ended_at: this.now() } : {}),
    }, this.now());
    this.emit('status', { from: run.status, status: to, ...(reason ? { reason } : {}) });
    if (reportNow) await this.report();
    else this.tell({ kind: 'run', run: runSummary(this.store.run()) });
    if (isTerminal(to)) await this.onTerminal(to);
  }

  waitForApproval(title: string): Promise<void> {
    return this.setStatus('waiting_for_approval', title, 'wait for approval');
  }

  /** Keeps the tenant's run index (lists, filters, inbox) current. */
  async report(): Promise<void> {
    this.tell({ kind: 'run', run: runSummary(this.store.run()) });
    await this.syncIndex();
  }

  tell(update: RunIndexUpdate): void {
    this.store.enqueueIndexUpdate(update);
  }

  /** Sends the outbox to the Tenant in one call; what fails to send stays queued for the next sync or wake. */
  syncIndex(): Promise<void> {
    return this.sendIndex(() => []);
  }

  /**
   * On wake: the outbox, then the Tenant's copy of every approval of this run (and its inbox item)
   * as the run's own rows have it, in the same one call. The outbox alone cannot repair an index
   * that is stale for any other reason (an update lost before it was queued, a queue dropped before
   * the Tenant applied it); the run's rows are the truth, and every update is idempotent. Nothing
   * is written here: if the Tenant cannot be reached, the next wake sends it again.
   */
  reconcileIndex(): Promise<void> {
    return this.sendIndex(() => this.governance.approvals().flatMap((row) => approvalIndexUpdates(this, row)));
  }

  /** One call at a time, in order; `extra` is read when the call goes out, so it is current then. */
  private sendIndex(extra: () => RunIndexUpdate[]): Promise<void> {
    const send = async () => {
      const queued = this.store.indexOutbox();
      const updates = [...queued.map((q) => q.update), ...extra()];
      if (updates.length === 0) return;
      await tenantStub(this.env).applyRunIndex(updates);
      if (queued.length > 0) this.store.dropIndexUpdates(queued.at(-1)!.seq);
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
      const taint = parseTaint(this.store.run().taint);
      await runStub(this.env, run.parent_run_id).childFinished(run.parent_call_id, run.id, status, this.allOutputs(), run.cost_usd, run.tokens, taint);
    }
    this.hub.end();
  }

  allOutputs(): Record<string, unknown> {
    return Object.fromEntries(this.store.steps().map((s) => [s.id, JSON.parse(s.outputs)]));
  }

  /** The next alarm: the loop (if it has work, after `delayMs`) or the earliest timer, whichever is first. */
  async schedule(delayMs: number | null = 0): Promise<void> {
    const timer = this.governance.nextTimerDue();
    const loop = delayMs === null ? null : Date.now() + delayMs;
    const due = loop === null ? timer : timer === null ? loop : Math.min(loop, timer);
    if (due === null) await this.state.storage.deleteAlarm();
    else await this.state.storage.setAlarm(due);
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

  // ---- people -----------------------------------------------------------------

  /** A question from a tool (kbagent.human_in_loop). */
  ask(stepIdx: number, callId: string, question: QuestionRequest): Promise<void> {
    return this.askPerson(stepIdx, callId, 'tool', question);
  }

  async askPerson(stepIdx: number, callId: string | null, purpose: QuestionPurpose, question: QuestionRequest): Promise<void> {
    const run = this.store.run();
    const id = randomId('q');
    const at = this.now();
    const rows = question.rows ? JSON.stringify(question.rows) : null;
    this.store.insertQuestion({ id, step_idx: stepIdx, call_id: callId, purpose, kind: question.kind, prompt: question.prompt, options: JSON.stringify(question.options), rows, created_at: at });
    this.emit('question_asked', { question_id: id, purpose, kind: question.kind, prompt: question.prompt, options: question.options, ...(question.rows ? { rows: question.rows } : {}) });
    this.tell({ kind: 'inbox_open', item: { id, kind: 'question', run_id: run.id, playbook_id: run.playbook_id, title: question.prompt.slice(0, 200), created_at: at } });
    await this.setStatus('waiting_for_input', 'waiting for an answer', 'wait for input');
  }

  /** After an answer, a decision or a child's end: back to running unless paused or still waiting on something. */
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
}
