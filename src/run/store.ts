import type { PlaybookSpec } from '../domain/playbook';
import type { CallStatus, Question, Run, RunEvent, RunStatus } from '../domain/run';
import type { BudgetPolicy } from '../domain/budget';
import type { ChatMessage } from '../executors/model/types';
import type { RiskClass } from '../domain/risk';
import type { RiskPolicy } from '../domain/policy';
import type { Taint } from '../broker/taint';
import type { ApprovalLedger, ApprovalRow, CallLedger, TimerKind, TimerRow, ToolCallRow } from '../broker/ports';
import { hashOf } from '../broker/canonical';
import { WriteBuffer } from '../storage/write-buffer';
import type { RunIndexUpdate } from '../tenant/run-index';

export type RunRow = {
  id: string; number: number; playbook_id: string; revision: number; status: RunStatus; status_reason: string | null;
  paused: number; inputs: string; objective_override: string | null; trigger: string; created_by: string; step_index: number;
  parent_run_id: string | null; parent_call_id: string | null; budget: string; cost_usd: number; tokens: number;
  /** Milliseconds spent running, waiting for people, and inside units (src/run/clock.ts); `status_since` starts the current status. */
  wall_ms: number; wait_ms: number; compute_ms: number; status_since: number | null; created_at: string; updated_at: string; ended_at: string | null;
  /** How many times new untrusted content entered the run (0: never); `taint` names every source seen. */
  tainted: number; taint: string | null;
  /** `{input name: taint}` for inputs that came from outside (a webhook body, a tainted parent value). */
  input_taint: string | null;
  /** The tenant's risk policy (JSON), pinned at start and replaced when an admin changes it. */
  tenant_policy: string;
  /** A run retried or forked from another at a step (JSON RunOrigin), else null. */
  fork: string | null;
};

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';
export type StepRow = {
  idx: number; id: string; status: StepStatus; action_cursor: number; outputs: string; error: string | null; turns: number; attempts: number;
  started_at: string | null; ended_at: string | null;
  /** A model step: the taint of everything in its conversation, and so of what the model writes. */
  context_taint: string | null;
  wall_ms: number; wait_ms: number; compute_ms: number;
};


export type QuestionPurpose = 'tool' | 'on_failure' | 'crash_recovery';
export type QuestionRow = {
  id: string; step_idx: number; call_id: string | null; purpose: QuestionPurpose; kind: Question['kind']; prompt: string; options: string;
  status: Question['status']; answer: string | null; answered_by: string | null; created_at: string; answered_at: string | null;
  rows: string | null; comment: string | null;
};

export type RunInit = {
  id: string; number: number; playbook_id: string; revision: number; spec: PlaybookSpec; inputs: Record<string, unknown>;
  objective_override?: string; trigger: Run['trigger']; created_by: string; budget: BudgetPolicy; parent_run_id?: string; parent_call_id?: string;
  input_taint?: Record<string, Taint>;
  /** The tenant's risk policy when the run was registered; later changes are pushed (PlaybookRun.policyChanged). */
  tenant_policy?: RiskPolicy;
  /** Retry or fork: the parent's record of the steps before the one this run starts at. */
  seed?: RunSeed;
};

/**
 * Where a retried or forked run comes from. `retry` redoes a failed run from a step, for real;
 * `fork` asks "what if" from a step: reads are served from the parent's record, and nothing is
 * written or sent until a person approves it as new.
 */
export type RunOrigin = { mode: 'retry' | 'fork'; parent_run_id: string; from_step: number; step_id: string; parent_audit_head: string };

/** The parent's record a retry or fork starts from: steps before `from_step`, their calls and answers, and its reads. */
export type RunSeed = RunOrigin & {
  steps: StepRow[];
  calls: ToolCallRow[];
  questions: QuestionRow[];
  reads: { tool_id: string; args_hash: string; result: string; taint: string | null }[];
};

const RUN_COLUMNS = [
  'id', 'number', 'playbook_id', 'revision', 'status', 'status_reason', 'paused', 'inputs', 'objective_override', 'trigger', 'created_by', 'step_index',
  'parent_run_id', 'parent_call_id', 'budget', 'cost_usd', 'tokens', 'wall_ms', 'wait_ms', 'compute_ms', 'status_since', 'created_at', 'updated_at', 'ended_at', 'tainted', 'taint',
  'input_taint', 'tenant_policy', 'fork',
].join(', ');

/** Typed access to one run's SQLite tables. No rules live here, only storage. */
export class RunStore implements CallLedger {
  /**
   * The run row, read once per object: only this object writes it (updateRun keeps the copy in
   * step), and every unit reads it many times.
   */
  private row: RunRow | undefined;
  /** The step rows, by index, kept like the run row: each unit reads its step more than once. */
  private stepRows: StepRow[] | undefined;
  private lastEventSeq: number | undefined;
  /** Writes of the current task, merged into as few statements as they allow (WriteBuffer). */
  readonly writes: WriteBuffer;

  constructor(private readonly sql: SqlStorage) {
    this.writes = new WriteBuffer(sql);
  }

  /** The SQL handle, once what is pending for these tables is written: every read goes through it. */
  private tables(...names: string[]): SqlStorage {
    this.writes.flush(names);
    return this.sql;
  }

  exists(): boolean {
    return this.tables('run').exec('SELECT 1 FROM run LIMIT 1').toArray().length > 0;
  }

  insertRun(init: RunInit, now: string): void {
    this.sql.exec(
      `INSERT INTO run (id, number, playbook_id, revision, spec, status, inputs, objective_override, trigger, created_by, parent_run_id, parent_call_id, budget, created_at, updated_at, input_taint, tenant_policy)
       VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      init.id, init.number, init.playbook_id, init.revision, JSON.stringify(init.spec), JSON.stringify(init.inputs), init.objective_override ?? null,
      JSON.stringify(init.trigger), init.created_by, init.parent_run_id ?? null, init.parent_call_id ?? null, JSON.stringify(init.budget), now, now,
      Object.keys(init.input_taint ?? {}).length > 0 ? JSON.stringify(init.input_taint) : null, JSON.stringify(init.tenant_policy ?? {}),
    );
    init.spec.sop.steps.forEach((step, idx) => this.writes.insert('steps', { idx, id: step.id, status: 'pending' }, 'idx'));
    if (init.seed) this.seed(init.seed);
  }

  /** A retry or fork: the parent's steps before `from_step` as they ended, with their calls and answers. */
  private seed(seed: RunSeed): void {
    const { steps, calls, questions, reads, ...origin } = seed;
    for (const step of steps.filter((s) => s.idx < origin.from_step)) {
      const { idx, id: _id, ...fields } = step;
      this.updateStep(idx, fields);
    }
    for (const call of calls) this.insertRow('tool_calls', call);
    for (const question of questions) this.insertRow('questions', question);
    for (const read of reads) this.insertRow('recorded_reads', read);
    this.tables('run').exec('UPDATE run SET step_index = ?, fork = ?', origin.from_step, JSON.stringify(origin));
  }

  private insertRow(table: string, row: Record<string, unknown>): void {
    const cols = Object.keys(row);
    this.tables(table).exec(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, ...Object.values(row).map((v) => v as SqlStorageValue));
  }

  /** What a fork's parent read with these arguments (served instead of reading again). */
  recordedRead(toolId: string, argsHash: string): { result: string; taint: string | null } | undefined {
    return this.sql.exec<{ result: string; taint: string | null }>('SELECT result, taint FROM recorded_reads WHERE tool_id = ? AND args_hash = ?', toolId, argsHash).toArray()[0];
  }

  /** The record a retry or fork of this run starts from (PlaybookRun.seedFor). */
  seedRecord(fromStep: number): Pick<RunSeed, 'steps' | 'calls' | 'questions' | 'reads'> {
    const calls = this.allCalls();
    return {
      steps: this.steps().filter((s) => s.idx < fromStep),
      calls: calls.filter((c) => c.step_idx < fromStep && c.status === 'done'),
      questions: this.questions().filter((q) => q.step_idx < fromStep && q.status === 'answered'),
      reads: calls.filter((c) => c.risk === 'read' && c.status === 'done').map((c) => ({ tool_id: c.tool_id, args_hash: hashOf(JSON.parse(c.args)), result: c.result ?? 'null', taint: c.taint })),
    };
  }

  /** The run row without its pinned spec (large, and immutable: read once with `pinnedSpec`). */
  run(): RunRow {
    return (this.row ??= this.tables('run').exec<RunRow>(`SELECT ${RUN_COLUMNS} FROM run LIMIT 1`).one());
  }

  pinnedSpec(): PlaybookSpec {
    return JSON.parse(this.tables('run').exec<{ spec: string }>('SELECT spec FROM run LIMIT 1').one().spec) as PlaybookSpec;
  }

  updateRun(fields: Partial<Omit<RunRow, 'id'>>, now: string): void {
    this.writes.update('run', 'id', this.run().id, { ...fields, updated_at: now } as Record<string, SqlStorageValue>);
    this.row = { ...this.run(), ...fields, updated_at: now };
  }

  /** Every step, in order (idx 0..n-1, as insertRun writes them). */
  steps(): readonly StepRow[] {
    return (this.stepRows ??= this.tables('steps').exec<StepRow>('SELECT * FROM steps ORDER BY idx').toArray());
  }

  step(idx: number): StepRow | undefined {
    return this.steps()[idx];
  }

  updateStep(idx: number, fields: Partial<Omit<StepRow, 'idx' | 'id'>>): void {
    this.writes.update('steps', 'idx', idx, fields as Record<string, SqlStorageValue>);
    const row = this.stepRows?.[idx];
    if (row) this.stepRows![idx] = { ...row, ...fields };
  }

  // ---- model conversation ----
  messages(stepIdx: number): ChatMessage[] {
    return this.sql.exec<{ message: string }>('SELECT message FROM messages WHERE step_idx = ? ORDER BY seq', stepIdx).toArray().map((r) => JSON.parse(r.message) as ChatMessage);
  }

  appendMessage(stepIdx: number, message: ChatMessage): void {
    this.sql.exec('INSERT INTO messages (step_idx, message) VALUES (?, ?)', stepIdx, JSON.stringify(message));
  }

  // ---- tool calls ----
  insertCall(row: Omit<ToolCallRow, 'result' | 'error' | 'child_run_id' | 'ended_at' | 'checkpoint' | 'taint'>): void {
    const { call_id, step_idx, action_idx, item_idx, model_call_id, tool_id, connection, args, risk, status, started_at, args_taint } = row;
    this.writes.insert('tool_calls', { call_id, step_idx, action_idx, item_idx, model_call_id, tool_id, connection, args, risk, status, started_at, args_taint }, 'call_id');
  }

  call(callId: string): ToolCallRow | undefined {
    return this.tables('tool_calls').exec<ToolCallRow>('SELECT * FROM tool_calls WHERE call_id = ?', callId).toArray()[0];
  }

  callsWithStatus(...statuses: CallStatus[]): ToolCallRow[] {
    return this.tables('tool_calls')
      .exec<ToolCallRow>(`SELECT * FROM tool_calls WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY started_at`, ...statuses)
      .toArray();
  }

  callForAction(stepIdx: number, actionIdx: number, itemIdx: number | null = null): ToolCallRow | undefined {
    return this.tables('tool_calls')
      .exec<ToolCallRow>(
        "SELECT * FROM tool_calls WHERE step_idx = ? AND action_idx = ? AND item_idx IS ? AND status NOT IN ('abandoned') ORDER BY started_at DESC LIMIT 1",
        stepIdx, actionIdx, itemIdx,
      )
      .toArray()[0];
  }

  callForModelCall(stepIdx: number, modelCallId: string): ToolCallRow | undefined {
    return this.tables('tool_calls')
      .exec<ToolCallRow>("SELECT * FROM tool_calls WHERE step_idx = ? AND model_call_id = ? AND status NOT IN ('abandoned') ORDER BY started_at DESC LIMIT 1", stepIdx, modelCallId)
      .toArray()[0];
  }

  allCalls(): ToolCallRow[] {
    return this.tables('tool_calls').exec<ToolCallRow>('SELECT * FROM tool_calls ORDER BY started_at').toArray();
  }

  updateCall(callId: string, fields: Partial<Omit<ToolCallRow, 'call_id'>>): void {
    this.writes.update('tool_calls', 'call_id', callId, fields as Record<string, SqlStorageValue>);
  }

  // ---- questions ----
  insertQuestion(row: Omit<QuestionRow, 'answer' | 'answered_by' | 'answered_at' | 'status' | 'comment'>): void {
    this.sql.exec(
      "INSERT INTO questions (id, step_idx, call_id, purpose, kind, prompt, options, rows, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
      row.id, row.step_idx, row.call_id, row.purpose, row.kind, row.prompt, row.options, row.rows, row.created_at,
    );
  }

  question(id: string): QuestionRow | undefined {
    return this.sql.exec<QuestionRow>('SELECT * FROM questions WHERE id = ?', id).toArray()[0];
  }

  questions(): QuestionRow[] {
    return this.sql.exec<QuestionRow>('SELECT * FROM questions ORDER BY created_at').toArray();
  }

  pendingQuestions(): QuestionRow[] {
    return this.sql.exec<QuestionRow>("SELECT * FROM questions WHERE status = 'pending' ORDER BY created_at").toArray();
  }

  updateQuestion(id: string, fields: Partial<Omit<QuestionRow, 'id'>>): void {
    const entries = Object.entries(fields);
    this.sql.exec(`UPDATE questions SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`, ...entries.map(([, v]) => v as SqlStorageValue), id);
  }

  // ---- outbox to the Tenant index ----
  enqueueIndexUpdate(update: RunIndexUpdate): void {
    this.sql.exec('INSERT INTO index_outbox (update_json) VALUES (?)', JSON.stringify(update));
  }

  indexOutbox(): { seq: number; update: RunIndexUpdate }[] {
    return this.sql.exec<{ seq: number; update_json: string }>('SELECT * FROM index_outbox ORDER BY seq').toArray().map((r) => ({ seq: r.seq, update: JSON.parse(r.update_json) as RunIndexUpdate }));
  }

  dropIndexUpdates(throughSeq: number): void {
    this.sql.exec('DELETE FROM index_outbox WHERE seq <= ?', throughSeq);
  }

  // ---- events ----
  appendEvent(type: string, at: string, data: Record<string, unknown>): number {
    // Numbered here, like the audit head: only this object appends, and RETURNING costs a read per event.
    this.lastEventSeq ??= this.tables('events').exec<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM events').one().seq ?? 0;
    const seq = ++this.lastEventSeq;
    this.writes.insert('events', { seq, type, at, data: JSON.stringify(data) });
    return seq;
  }

  eventsAfter(seq: number, limit = 1000): Omit<RunEvent, 'run_id'>[] {
    return this.tables('events')
      .exec<{ seq: number; type: string; at: string; data: string }>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?', seq, limit)
      .toArray()
      .map((e) => ({ seq: e.seq, type: e.type, at: e.at, data: JSON.parse(e.data) as Record<string, unknown> }));
  }
}


/** Approvals and timers of one run (spec §6); rules live in broker/approvals.ts. */
export class GovernanceStore implements ApprovalLedger {
  constructor(private readonly sql: SqlStorage) {}

  insertApproval(row: Omit<ApprovalRow, 'undo_until' | 'decided_by' | 'decided_at' | 'comment' | 'previous_hash' | 'diff' | 'used_hashes' | 'run_taint_seen'>): void {
    const cols = Object.keys(row);
    this.sql.exec(`INSERT INTO approvals (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, ...Object.values(row).map((v) => v as SqlStorageValue));
  }

  approval(id: string): ApprovalRow | undefined {
    return this.sql.exec<ApprovalRow>('SELECT * FROM approvals WHERE id = ?', id).toArray()[0];
  }

  approvals(): ApprovalRow[] {
    return this.sql.exec<ApprovalRow>('SELECT * FROM approvals ORDER BY created_at').toArray();
  }

  approvalsWithStatus(...statuses: ApprovalRow['status'][]): ApprovalRow[] {
    return this.sql.exec<ApprovalRow>(`SELECT * FROM approvals WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY created_at`, ...statuses).toArray();
  }

  updateApproval(id: string, fields: Partial<Omit<ApprovalRow, 'id'>>): void {
    const entries = Object.entries(fields);
    this.sql.exec(`UPDATE approvals SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`, ...entries.map(([, v]) => v as SqlStorageValue), id);
  }

  setTimer(kind: TimerKind, ref: string, dueAt: number): void {
    this.sql.exec('INSERT OR REPLACE INTO timers (id, due_at, kind, ref) VALUES (?, ?, ?, ?)', `${kind}:${ref}`, dueAt, kind, ref);
  }

  clearTimer(kind: TimerKind, ref: string): void {
    this.sql.exec('DELETE FROM timers WHERE id = ?', `${kind}:${ref}`);
  }

  clearTimers(): void {
    this.sql.exec('DELETE FROM timers');
  }

  dueTimers(now: number): TimerRow[] {
    return this.sql.exec<TimerRow>('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at', now).toArray();
  }

  nextTimerDue(): number | null {
    return this.sql.exec<{ due: number | null }>('SELECT MIN(due_at) AS due FROM timers').one().due;
  }
}
