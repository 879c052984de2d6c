import { loadTools } from '../tools/registry';
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { Approval, Run, RunDetail, RunStatus } from '../domain/run';
import type { RiskPolicy } from '../domain/policy';
import type { User } from '../domain/user';
import { migrate } from '../storage/migrate';
import { ConflictError, UnauthorizedError, ValidationError, captureAppError, type RpcResult } from '../errors';
import type { RunTokenClaims } from '../broker/run-token';
import { approvalView } from '../broker/approvals';
import { decideApproval, fireApprovalTimer, type ApprovalAction } from '../broker/decisions';
import type { AuditEntry, AuditVerification } from '../broker/audit';
import type { ExternalCallResult } from '../broker/external-call';
import { callTool, failCall } from '../broker/calls';
import { parseTaint, union, type Taint } from '../broker/taint';
import { isTerminal } from './status';
import { EventHub } from './event-hub';
import { RunCore } from './core';
import { RunLoop } from './loop';
import { answer, cancel, childFinished, pause, resume } from './people';
import { RUN_MIGRATIONS } from './schema';
import { RunStore, type RunInit, type RunOrigin, type RunSeed } from './store';
import { copyWorkspace } from '../workspace/artifacts';
import { letRequestsIn } from '../turns';
import { runDetail, runSummary } from './views';
import { jsonWithStored, valueWithStored } from './stored-json';
import { principalKind } from '../domain/user';

/**
 * One Playbook run (spec §4). State lives in this object's SQLite; the alarm drives the loop one
 * persisted unit at a time, so the run survives evictions, deploys and restarts. Typed RPC
 * methods are the only way in; the Worker checks who may call them.
 */
export class PlaybookRun extends DurableObject<Env> {
  private readonly store: RunStore;
  private readonly run: RunCore;
  private readonly loopUnits: RunLoop;
  private looping = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql, RUN_MIGRATIONS);
    this.store = new RunStore(ctx.storage.sql);
    this.run = new RunCore(env, ctx, this.store, new EventHub());
    this.loopUnits = new RunLoop(this.run);
    // Registered MCP servers' and discovered Keboola configurations' tools first: the Broker looks tools up synchronously (src/tools/isolate-tools.ts).
    void ctx.blockConcurrencyWhile(() => loadTools(env).catch(() => undefined).then(() => this.rearmAfterWake()));
  }

  async start(init: RunInit): Promise<Run> {
    if (this.store.exists()) throw new ConflictError(`Run "${init.id}" already exists`);
    this.store.insertRun(init, new Date().toISOString());
    this.run.emit('run_created', {
      playbook_id: init.playbook_id,
      revision: init.revision,
      trigger: init.trigger,
      // Who started it (a person or a service account), in the run's own record, not only the index.
      created_by: init.created_by,
      created_by_kind: principalKind(init.created_by),
      inputs: init.inputs,
      budget: init.budget,
      ...(init.parent_run_id ? { parent_run_id: init.parent_run_id } : {}),
    });
    if (init.seed) {
      // The audit chain of a retry or fork starts by naming its parent's chain head: the two link.
      const { mode, parent_run_id, from_step, step_id, parent_audit_head } = init.seed;
      // Its steps read what the earlier steps wrote: the parent's files come first.
      await copyWorkspace(this.env, parent_run_id, init.id);
      this.run.audit('run_forked', null, { mode, parent_run_id, from_step, step_id, parent_audit_head });
      this.run.emit('run_forked', { mode, parent_run_id, from_step, step_id });
      this.run.acquireTaint(union(...init.seed.calls.map((c) => parseTaint(c.taint))), null);
    }
    this.run.acquireTaint(union(...Object.values(init.input_taint ?? {})), null);
    await this.run.schedule();
    return runSummary(this.store.run());
  }

  /** A start that may be a repeat (an Idempotency-Key): the run as it is if it exists, else started now. */
  startOnce(init: RunInit): Promise<RpcResult<Run>> {
    return captureAppError(async () => (this.store.exists() ? runSummary(this.store.run()) : this.start(init)));
  }

  /**
   * The loop. A watchdog alarm is set first, so if the runtime dies mid-unit the run is picked
   * up again. Units run in bursts of up to UNIT_TIME_BUDGET_MS (each persisted before the next),
   * BURSTS_PER_INVOCATION of them with a yield between; then the alarm is moved to "now" if there
   * is more, or cleared if the run waits.
   */
  override async alarm(): Promise<void> {
    if (!this.store.exists()) return;
    // One loop at a time: a second alarm delivery while a unit awaits I/O would otherwise see the
    // first unit's in-flight intent row and take it for a crash. The running loop re-arms itself
    // when it ends (setting the alarm from this second handler can deadlock with the first). Should
    // the first die, the next request re-arms the run as it wakes the object (rearmAfterWake).
    if (this.looping) return;
    this.looping = true;
    try {
      await this.loop();
    } finally {
      this.looping = false;
    }
  }

  private async loop(): Promise<void> {
    await this.run.schedule(WATCHDOG_MS);
    // An MCP server registered, changed or removed (or a discovery) since the last look counts from this unit on.
    await loadTools(this.env).catch(() => undefined);
    // Expiry and commit timers that are due, then the loop. Both survive restarts (timers table).
    for (const timer of this.run.governance.dueTimers(Date.now())) await fireApprovalTimer(this.run, timer);
    let more = await this.burst();
    // Re-arming the alarm costs more than a burst of cheap units: between bursts the loop only
    // yields (the burst's writes commit, waiting requests get in) and goes on in this invocation.
    for (let bursts = 1; more && bursts < BURSTS_PER_INVOCATION; bursts++) {
      await letRequestsIn();
      more = await this.burst();
    }
    if (more) await this.run.schedule();
    else if (this.store.run().status !== 'running') await this.run.idle();
    // Status changes the units made are reported to the Tenant once, here (the outbox holds them).
    await this.run.syncIndex();
  }

  /** Units back to back until one says to stop or the burst's budget is used; true if there is more. */
  private async burst(): Promise<boolean> {
    let more = false;
    const started = Date.now();
    let units = 0;
    do more = await this.loopUnits.unit();
    while (more && ++units < MAX_UNITS_PER_BURST && Date.now() - started < UNIT_TIME_BUDGET_MS);
    this.run.flushCompute();
    return more;
  }

  /**
   * On every wake of the object (after an eviction, a deploy or a crash): index updates a crash left
   * queued go out first, and the Tenant's approvals index is reconciled with the run's own approval
   * rows in the same call (RunCore.reconcileIndex); then, if there is work or crash evidence (a call
   * left mid-dispatch) and no alarm, one is armed, so a lost alarm can never strand a run.
   */
  private async rearmAfterWake(): Promise<void> {
    if (!this.store.exists()) return;
    // If the Tenant cannot be reached now, the updates stay queued for the run's next sync, and the
    // reconciliation is repeated on the next wake.
    await this.run.reconcileIndex().catch(() => undefined);
    const row = this.store.run();
    if (isTerminal(row.status)) return;
    // A run that was working, or a call left mid-dispatch, carries on now, not when the watchdog fires.
    const lost = this.store.callsWithStatus('intent', 'awaiting_approval').length > 0;
    if (lost || (row.status === 'running' && !row.paused)) await this.run.schedule(0);
    else if ((await this.ctx.storage.getAlarm()) === null) await this.run.arm();
  }

  detail(): RunDetail {
    return valueWithStored((stored) => this.buildDetail(stored));
  }

  /** The detail as JSON text, the stored calls and outputs copied in as they are (GET /runs/{id}). */
  detailJson(): string {
    return jsonWithStored((stored) => this.buildDetail(stored));
  }

  private buildDetail(stored: (text: string) => unknown): RunDetail {
    const approvals = this.run.governance.approvals().map((a) => approvalView(this.run, a));
    return runDetail(this.store, this.run.spec(), this.run.budget(), this.run.wallClockMs(), approvals, stored);
  }

  summary(): Run {
    return runSummary(this.store.run());
  }

  answer(questionId: string, value: unknown, by: string, comment?: string): Promise<RpcResult<void>> {
    return captureAppError(() => answer(this.run, questionId, value, by, comment));
  }

  pause(by: string): Promise<RpcResult<void>> {
    return captureAppError(() => pause(this.run, by));
  }

  resume(by: string): Promise<RpcResult<void>> {
    return captureAppError(() => resume(this.run, by));
  }

  cancel(by: string, reason?: string): Promise<RpcResult<void>> {
    return captureAppError(() => cancel(this.run, by, reason));
  }

  decideApproval(approvalId: string, action: ApprovalAction, user: User): Promise<RpcResult<Approval>> {
    return captureAppError(() => decideApproval(this.run, approvalId, action, user));
  }

  /**
   * POST /tools/{id}/call with this run's token: the same Broker path as the run's own calls. The
   * caller's arguments are taken to derive from everything untrusted the run holds — it may be the
   * agent that read it — and the token's risk ceiling applies to the call's class by effect.
   */
  externalCall(toolId: string, args: unknown, claims: Pick<RunTokenClaims, 'jti' | 'playbook_id' | 'allowed_risk_max'>): Promise<RpcResult<ExternalCallResult>> {
    return captureAppError(async () => {
      // The run itself says whether the token's run is live: no Tenant lookup on the call's path.
      if (!this.store.exists()) throw new UnauthorizedError('Run token names a run that does not exist');
      const run = this.store.run();
      if (run.playbook_id !== claims.playbook_id) throw new UnauthorizedError('Run token names a run that does not exist');
      if (isTerminal(run.status)) throw new UnauthorizedError(`Run token belongs to a run that has ended (${run.status})`);
      const { jti } = claims;
      await loadTools(this.env).catch(() => undefined);
      const riskMax = claims.allowed_risk_max;
      const spec = this.run.spec();
      const stepIdx = Math.min(run.step_index, spec.sop.steps.length - 1);
      const step = { ...spec.sop.steps[stepIdx]!, allowed_tools: [toolId] };
      const site = { step_idx: stepIdx, step, model_call_id: `external:${jti}`, args_taint: parseTaint(run.taint), risk_max: riskMax };
      const outcome = await callTool(this.run, site, toolId, args);
      if (outcome.kind === 'done') return { status: 'done' as const, output: outcome.output, call_id: outcome.call_id };
      if (outcome.kind === 'failed') return { status: outcome.refused ? ('refused' as const) : ('failed' as const), error: outcome.error, call_id: outcome.call_id };
      if (outcome.kind === 'continuing') {
        // Nothing would drive its next unit: a call that spans units belongs in a step.
        const error = `"${toolId}" needs several units for this input; call it from a Playbook step`;
        failCall(this.run, step.id, outcome.call_id, toolId, error);
        return { status: 'failed' as const, error, call_id: outcome.call_id };
      }
      const approval = this.run.governance.approvalsWithStatus('pending').find((a) => a.call_id === outcome.call_id);
      return { status: 'awaiting_approval' as const, call_id: outcome.call_id, ...(approval ? { approval_id: approval.id } : {}) };
    });
  }

  /** Which of this run's inputs came from outside (a webhook, a parent's tainted arguments): a rerun, retry or fork keeps that. */
  inputTaint(): Record<string, Taint> {
    return JSON.parse(this.store.run().input_taint ?? '{}') as Record<string, Taint>;
  }

  /**
   * What a retry or fork from `fromStep` starts with: this run's record of the steps before it.
   * A retry is for a run that failed or was cancelled; a fork may start from any step this run has
   * passed. Both need every step before it finished.
   */
  seedFor(stepId: string, mode: RunOrigin['mode']): Promise<RpcResult<RunSeed>> {
    return captureAppError(() => {
      const row = this.store.run();
      const steps = this.run.spec().sop.steps;
      const fromStep = steps.findIndex((s) => s.id === stepId);
      const step = steps[fromStep];
      if (!step) throw new ValidationError(`This run has no step "${stepId}"`, [{ path: 'from_step', message: `must be one of: ${steps.map((s) => s.id).join(', ')}` }]);
      if (mode === 'retry' && row.status !== 'failed' && row.status !== 'cancelled') throw new ConflictError(`Only a failed or cancelled run can be retried; this one is ${row.status}`, { status: row.status });
      const unfinished = this.store.steps().filter((s) => s.idx < fromStep && s.status !== 'done' && s.status !== 'skipped');
      if (unfinished.length > 0) throw new ConflictError(`Step ${unfinished[0]!.idx + 1} ("${unfinished[0]!.id}") did not finish in this run, so a new run cannot start after it`, { step: unfinished[0]!.id });
      const head = this.run.auditLog.verify();
      return { mode, parent_run_id: row.id, from_step: fromStep, step_id: step.id, parent_audit_head: head.ok ? head.head : 'unverified', ...this.store.seedRecord(fromStep) };
    });
  }

  audit(): { entries: AuditEntry[]; verification: AuditVerification; jsonl: string } {
    const log = this.run.auditLog;
    return { entries: log.entries(), verification: log.verify(), jsonl: log.jsonl() };
  }

  /** An admin changed the tenant's risk policy: the next call of this run decides by it (spec §3). */
  policyChanged(policy: RiskPolicy): void {
    if (this.store.exists()) this.run.policyChanged(policy);
  }

  childFinished(callId: string, childId: string, status: RunStatus, outputs: Record<string, unknown>, usd: number, tokens: number, taint: Taint): Promise<void> {
    return childFinished(this.run, callId, childId, status, outputs, usd, tokens, taint);
  }

  /** SSE: `GET /events` with `Last-Event-ID` (or `?after=`) replays what the client missed, then streams. */
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== '/events' || !this.store.exists()) return new Response('not found', { status: 404 });
    const after = Number(request.headers.get('last-event-id') ?? url.searchParams.get('after') ?? 0);
    const backlog = this.store.eventsAfter(Number.isFinite(after) && after > 0 ? Math.floor(after) : 0, 100_000).map((e) => ({ ...e, run_id: this.store.run().id }));
    const run = this.store.run();
    return this.run.hub.subscribe(backlog, run.status === 'done' || run.status === 'failed' || run.status === 'cancelled');
  }
}

/**
 * Armed before each burst of units: if the runtime dies mid-unit, the run carries on this soon
 * even if nothing wakes the object. A unit may take longer; an alarm that finds the loop still
 * going just re-arms the watchdog.
 */
const WATCHDOG_MS = 2_000;
/**
 * A burst: units run back to back until this much time is used, then the loop yields so requests
 * to the run get in.
 */
const UNIT_TIME_BUDGET_MS = 50;
/**
 * And at most this many: deployed Workers' clocks only move on I/O, so units that do none (quick
 * computes, state moves) would never use up the time budget. Heavy units always get their own
 * invocation (a `fresh` continuation), so this bounds only cheap ones.
 */
const MAX_UNITS_PER_BURST = 32;
/**
 * Bursts per alarm invocation: at most ~200 ms of cheap units, well inside the watchdog, so a crash
 * mid-invocation is still picked up by it; then the alarm re-arms.
 */
const BURSTS_PER_INVOCATION = 4;
