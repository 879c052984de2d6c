import type { Env } from '../env';
import type { PlaybookSpec } from '../domain/playbook';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import type { CallStatus } from '../domain/run';
import type { RunIndexUpdate } from '../tenant/run-index';
import type { QuestionRequest, ToolContext, ToolDefinition } from '../tools/types';
import type { ResolvedSecret } from '../vault/service';
import type { Taint, TaintFlow } from './taint';

/**
 * What the Broker needs from the run it governs, as narrow interfaces the run engine implements
 * (src/run/core.ts): a ledger of calls and approvals, the audit trail and event stream, a policy
 * source, the tool registry, and the few things that follow a decision (a question, a wait). The
 * Broker never sees the engine itself.
 */

export type ToolCallRow = {
  call_id: string; step_idx: number; action_idx: number | null; model_call_id: string | null; tool_id: string; args: string;
  risk: RiskClass; status: CallStatus; result: string | null; error: string | null; child_run_id: string | null; started_at: string; ended_at: string | null;
  connection: string | null; checkpoint: string | null;
  /** The element of a for_each action this call is for. */
  item_idx: number | null;
  /** Untrusted sources of the arguments, and of the output (arguments ∪ files read ∪ the tool's own data). */
  args_taint: string | null; taint: string | null;
};

export type ApprovalKind = 'tool' | 'batch' | 'budget';
export type ApprovalRow = {
  id: string; kind: ApprovalKind; call_id: string | null; step_idx: number | null; tool_id: string; connection: string | null; destination: string | null;
  risk: RiskClass; scope: 'single' | 'batch' | 'session'; title: string; reason: string | null; payload: string; body_hash: string;
  status: 'pending' | 'approved' | 'committed' | 'rejected' | 'expired' | 'refused'; requested_by: string; created_at: string; expires_at: string;
  undo_until: string | null; decided_by: string | null; decided_at: string | null; comment: string | null; dry_run_result: string | null;
  previous_hash: string | null; diff: string | null; batch_hashes: string | null; used_hashes: string | null; admin_only: number;
  /** The untrusted sources the call's arguments carry, shown to the approver. */
  taint: string | null;
  /** The run's `tainted` count when the approval was decided: newer untrusted data ends its reuse. */
  run_taint_seen: number;
};
export type TimerKind = 'approval_expiry' | 'approval_commit';
export type TimerRow = { id: string; due_at: number; kind: TimerKind; ref: string };

/** Intent, result and what each call carries (spec §4: recorded before and after dispatch). */
export interface CallLedger {
  insertCall(row: Omit<ToolCallRow, 'result' | 'error' | 'child_run_id' | 'ended_at' | 'checkpoint' | 'taint'>): void;
  call(callId: string): ToolCallRow | undefined;
  updateCall(callId: string, fields: Partial<Omit<ToolCallRow, 'call_id'>>): void;
  /** In a fork: what the parent run read with these arguments (args_hash = hashOf(args)). */
  recordedRead(toolId: string, argsHash: string): { result: string; taint: string | null } | undefined;
}

/** Approvals and their timers (spec §6). */
export interface ApprovalLedger {
  insertApproval(row: Omit<ApprovalRow, 'undo_until' | 'decided_by' | 'decided_at' | 'comment' | 'previous_hash' | 'diff' | 'used_hashes' | 'run_taint_seen'>): void;
  approval(id: string): ApprovalRow | undefined;
  approvalsWithStatus(...statuses: ApprovalRow['status'][]): ApprovalRow[];
  updateApproval(id: string, fields: Partial<Omit<ApprovalRow, 'id'>>): void;
  setTimer(kind: TimerKind, ref: string, dueAt: number): void;
  clearTimer(kind: TimerKind, ref: string): void;
}

/** The decision for a call of `tool` at its class by effect (the tenant's policy, the Playbook's tightening, the floors). */
export interface PolicySource {
  decide(tool: ToolDefinition<any>, risk: RiskClass): PolicyDecision;
}

/** What a decision depends on about the run: who it acts for, whether it is paused, what untrusted content it holds. */
export type RunFacts = {
  id: string; playbook_id: string; created_by: string; step_index: number; paused: number; tainted: number; taint: string | null;
  /** A retried or forked run's origin (JSON {mode, parent_run_id, from_step, …}), else null. */
  fork: string | null;
};

export interface GovernedRun extends PolicySource {
  readonly env: Env;
  readonly calls: CallLedger;
  readonly governance: ApprovalLedger;
  facts(): RunFacts;
  spec(): PlaybookSpec;
  stepId(idx: number): string;
  tools(): ReadonlyMap<string, ToolDefinition<any>>;
  now(): string;
  /** Appends to the hash-chained audit log, secrets masked. */
  audit(kind: string, callId: string | null, data: Record<string, unknown>): void;
  /** Appends to the run's event stream. */
  emit(type: string, data: Record<string, unknown>): void;
  /** Masks every secret value the run has resolved so far. */
  mask<T>(value: T): T;
  /** Queues an update of the Tenant's indexes beside the change it describes; `syncIndex` sends the queue. */
  tell(update: RunIndexUpdate): void;
  syncIndex(): Promise<void>;

  // Around a dispatch.
  /** Waits until everything written so far is on disk: the line between a side effect's intent and its dispatch. */
  durable(): Promise<void>;
  toolContext(stepId: string, callId: string, flow: TaintFlow): ToolContext;
  /** Calls being dispatched by this object right now: an `intent` row not in here was lost to a crash. */
  readonly dispatching: Set<string>;
  /** The call is over: its between-units memory can go. */
  releaseCall(callId: string): void;
  rememberSecrets(found: readonly ResolvedSecret[]): void;
  acquireTaint(taint: Taint, callId: string | null): void;
  bookCost(usd: number, tokens: number): void;

  // What follows a decision.
  ask(stepIdx: number, callId: string, question: QuestionRequest): Promise<void>;
  /** The run waits for a person's decision on an approval titled `title`. */
  waitForApproval(title: string): Promise<void>;
  continueAfterPerson(): Promise<void>;
  /** Re-arms the run's alarm for its state (timers, or the loop). */
  arm(): Promise<void>;
  raiseBudget(caps: Record<string, number>, by: string): Promise<void>;
  budgetRefused(reason: string): Promise<void>;
}
