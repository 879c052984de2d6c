import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { Run, RunDetail, RunStatus } from '../domain/run';
import { migrate } from '../storage/migrate';
import { ConflictError, UnauthorizedError, captureAppError, type RpcResult } from '../errors';
import type { RunTokenClaims } from '../broker/run-token';
import type { RiskPolicy } from '../domain/policy';
import type { Approval } from '../domain/run';
import type { User } from '../domain/user';
import type { ApprovalAction } from '../broker/approvals';
import type { AuditEntry, AuditVerification } from '../broker/audit';
import type { ExternalCallResult } from '../broker/external-call';
import { callTool, failCall } from './tool-calls';
import { isTerminal } from './status';
import { EventHub } from './event-hub';
import { RunEngine } from './engine';
import { RUN_MIGRATIONS } from './schema';
import { RunStore, type RunInit } from './store';
import { parseTaint, union, type Taint } from '../broker/taint';

/**
 * One Playbook run (spec §4). State lives in this object's SQLite; the alarm drives the loop one
 * persisted unit at a time, so the run survives evictions, deploys and restarts. Typed RPC
 * methods are the only way in; the Worker checks who may call them.
 */
export class PlaybookRun extends DurableObject<Env> {
  private readonly store: RunStore;
  private readonly engine: RunEngine;
  private readonly hub = new EventHub();
  private looping = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql, RUN_MIGRATIONS);
    this.store = new RunStore(ctx.storage.sql);
    this.engine = new RunEngine(env, ctx, this.store, this.hub);
    void ctx.blockConcurrencyWhile(() => this.engine.rearmAfterWake());
  }

  async start(init: RunInit): Promise<Run> {
    if (this.store.exists()) throw new ConflictError(`Run "${init.id}" already exists`);
    this.store.insertRun(init, new Date().toISOString());
    this.engine.emit('run_created', {
      playbook_id: init.playbook_id,
      revision: init.revision,
      trigger: init.trigger,
      inputs: init.inputs,
      budget: init.budget,
      ...(init.parent_run_id ? { parent_run_id: init.parent_run_id } : {}),
    });
    this.engine.acquireTaint(union(...Object.values(init.input_taint ?? {})), null);
    await this.engine.schedule();
    return this.engine.summary();
  }

  /**
   * The loop. A watchdog alarm is set first, so if the runtime dies mid-unit the run is picked
   * up again. Up to a few units run per alarm (each persisted before the next); then the alarm
   * is moved to "now" if there is more, or cleared if the run waits.
   */
  override async alarm(): Promise<void> {
    if (!this.store.exists()) return;
    // One loop at a time: a second alarm delivery while a unit awaits I/O would otherwise see the
    // first unit's in-flight intent row and take it for a crash. The running loop re-arms itself.
    if (this.looping) return;
    this.looping = true;
    try {
      await this.loop();
    } finally {
      this.looping = false;
    }
  }

  private async loop(): Promise<void> {
    await this.engine.schedule(WATCHDOG_MS);
    await this.engine.fireDueTimers();
    let more = false;
    for (let unit = 0; unit < UNITS_PER_ALARM; unit++) {
      more = await this.engine.runUnit();
      if (!more) break;
    }
    if (more) await this.engine.schedule();
    else if (this.store.run().status !== 'running') await this.engine.idle();
  }

  detail(): RunDetail {
    return this.engine.detail();
  }

  summary(): Run {
    return this.engine.summary();
  }

  answer(questionId: string, answer: unknown, by: string, comment?: string): Promise<RpcResult<void>> {
    return captureAppError(() => this.engine.answer(questionId, answer, by, comment));
  }

  pause(by: string): Promise<RpcResult<void>> {
    return captureAppError(() => this.engine.pause(by));
  }

  resume(by: string): Promise<RpcResult<void>> {
    return captureAppError(() => this.engine.resume(by));
  }

  cancel(by: string, reason?: string): Promise<RpcResult<void>> {
    return captureAppError(() => this.engine.cancel(by, reason));
  }

  decideApproval(approvalId: string, action: ApprovalAction, user: User): Promise<RpcResult<Approval>> {
    return captureAppError(() => this.engine.decideApproval(approvalId, action, user));
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
      const riskMax = claims.allowed_risk_max;
      const spec = this.engine.spec();
      const stepIdx = Math.min(run.step_index, spec.sop.steps.length - 1);
      const step = { ...spec.sop.steps[stepIdx]!, allowed_tools: [toolId] };
      const site = { step_idx: stepIdx, step, model_call_id: `external:${jti}`, args_taint: parseTaint(run.taint), risk_max: riskMax };
      const outcome = await callTool(this.engine, site, toolId, args);
      if (outcome.kind === 'done') return { status: 'done' as const, output: outcome.output, call_id: outcome.call_id };
      if (outcome.kind === 'failed') return { status: outcome.refused ? ('refused' as const) : ('failed' as const), error: outcome.error, call_id: outcome.call_id };
      if (outcome.kind === 'continuing') {
        // Nothing would drive its next unit: a call that spans units belongs in a step.
        const error = `"${toolId}" needs several units for this input; call it from a Playbook step`;
        failCall(this.engine, step.id, outcome.call_id, toolId, error);
        return { status: 'failed' as const, error, call_id: outcome.call_id };
      }
      const approval = this.engine.governance.approvalsWithStatus('pending').find((a) => a.call_id === outcome.call_id);
      return { status: 'awaiting_approval' as const, call_id: outcome.call_id, ...(approval ? { approval_id: approval.id } : {}) };
    });
  }

  audit(): { entries: AuditEntry[]; verification: AuditVerification; jsonl: string } {
    const log = this.engine.auditTrail();
    return { entries: log.entries(), verification: log.verify(), jsonl: log.jsonl() };
  }

  /** An admin changed the tenant's risk policy: the next call of this run decides by it (spec §3). */
  policyChanged(policy: RiskPolicy): void {
    if (this.store.exists()) this.engine.policyChanged(policy);
  }

  childFinished(callId: string, childId: string, status: RunStatus, outputs: Record<string, unknown>, usd: number, tokens: number, taint: Taint): Promise<void> {
    return this.engine.childFinished(callId, childId, status, outputs, usd, tokens, taint);
  }

  /** SSE: `GET /events` with `Last-Event-ID` (or `?after=`) replays what the client missed, then streams. */
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== '/events' || !this.store.exists()) return new Response('not found', { status: 404 });
    const after = Number(request.headers.get('last-event-id') ?? url.searchParams.get('after') ?? 0);
    const backlog = this.store.eventsAfter(Number.isFinite(after) && after > 0 ? Math.floor(after) : 0, 100_000).map((e) => ({ ...e, run_id: this.store.run().id }));
    const run = this.store.run();
    return this.hub.subscribe(backlog, run.status === 'done' || run.status === 'failed' || run.status === 'cancelled');
  }
}

const WATCHDOG_MS = 30_000;
/** Small enough to stay far below the Workers CPU limit per invocation, large enough to amortise the alarm. */
const UNITS_PER_ALARM = 8;
