import type { BudgetPolicy } from '../domain/budget';
import type { PlaybookSpec } from '../domain/playbook';
import type { Approval, Question, Run, RunDetail } from '../domain/run';
import type { QuestionRow, RunOrigin, RunRow, RunStore, StepRow } from './store';
import { stepMode } from '../domain/playbook';
import { principalKind } from '../domain/user';
import { parseTaint } from '../broker/taint';
import { timesOf, type RunTimes } from './clock';

/** Row → API shapes. The run's own tables are the source; nothing here is stored twice. */
export function runSummary(row: RunRow): Run {
  return {
    id: row.id,
    number: row.number,
    playbook_id: row.playbook_id,
    revision: row.revision,
    status: row.status,
    ...(row.status_reason ? { status_reason: row.status_reason } : {}),
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    ...(row.objective_override ? { objective_override: row.objective_override } : {}),
    trigger: JSON.parse(row.trigger) as Run['trigger'],
    created_by: row.created_by,
    created_by_kind: principalKind(row.created_by),
    step_index: row.step_index,
    cost: { usd: row.cost_usd, tokens: row.tokens, ...timesOf(row, row) },
    ...(row.parent_run_id ? { parent_run_id: row.parent_run_id } : {}),
    ...(row.fork ? { origin: originOf(row.fork) } : {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
    ...(row.ended_at ? { ended_at: row.ended_at } : {}),
  };
}

export function questionView(runId: string, stepId: string | undefined, row: QuestionRow): Question {
  return {
    id: row.id,
    run_id: runId,
    ...(stepId ? { step_id: stepId } : {}),
    kind: row.kind,
    prompt: row.prompt,
    options: JSON.parse(row.options) as Question['options'],
    ...(row.rows ? { rows: JSON.parse(row.rows) as NonNullable<Question['rows']> } : {}),
    status: row.status,
    ...(row.answer !== null ? { answer: JSON.parse(row.answer) as unknown } : {}),
    ...(row.comment ? { comment: row.comment } : {}),
    ...(row.answered_by ? { answered_by: row.answered_by } : {}),
    created_at: row.created_at,
    ...(row.answered_at ? { answered_at: row.answered_at } : {}),
  };
}

/** `stored` turns a JSON text from the run's tables into the value sent (src/run/stored-json.ts: parsed, or copied in as text). */
export function runDetail(store: RunStore, spec: PlaybookSpec, budget: BudgetPolicy, wallMs: number, approvals: Approval[], stored: (text: string) => unknown): RunDetail {
  const row = store.run();
  const steps = store.steps();
  const stepId = (idx: number) => steps[idx]?.id;
  const calls = store.allCalls();
  return {
    ...runSummary(row),
    playbook_name: spec.name,
    paused: row.paused === 1,
    steps: steps.map((s) => {
      const step = spec.sop.steps[s.idx]!;
      return {
        index: s.idx,
        id: s.id,
        title: step.title,
        mode: stepMode(step, spec.model),
        status: s.status,
        outputs: stored(s.outputs) as Record<string, unknown>,
        ...(s.error ? { error: s.error } : {}),
        ...(s.started_at ? { started_at: s.started_at } : {}),
        ...(s.ended_at ? { ended_at: s.ended_at } : {}),
        ...stepTimes(s, row),
      };
    }),
    questions: store.questions().map((q) => questionView(row.id, stepId(q.step_idx), q)),
    tool_calls: calls.map((c) => ({
      call_id: c.call_id,
      step_id: stepId(c.step_idx) ?? '',
      tool_id: c.tool_id,
      risk: c.risk,
      status: c.status,
      args: stored(c.args),
      ...(c.result !== null ? { result: stored(c.result) } : {}),
      ...(c.error ? { error: c.error } : {}),
      ...(c.child_run_id ? { child_run_id: c.child_run_id } : {}),
      ...(c.taint ? { untrusted_sources: parseTaint(c.taint) as string[] } : {}),
      started_at: c.started_at,
      ...(c.ended_at ? { ended_at: c.ended_at } : {}),
    })),
    budget: {
      max_usd: budget.max_usd_per_run,
      max_tokens: budget.max_tokens_per_run,
      max_wall_clock_seconds: budget.max_wall_clock_seconds,
      on_breach: budget.on_breach,
      spent_usd: row.cost_usd,
      spent_tokens: row.tokens,
      wall_clock_seconds: Math.round(wallMs / 100) / 10,
      remaining_usd: Math.max(0, budget.max_usd_per_run - row.cost_usd),
      remaining_tokens: Math.max(0, budget.max_tokens_per_run - row.tokens),
    },
    approvals,
    tainted: row.tainted > 0,
    untrusted_sources: parseTaint(row.taint) as string[],
    child_run_ids: calls.flatMap((c) => (c.child_run_id ? [c.child_run_id] : [])),
  };
}

/**
 * A step's time: its waits (booked as the run's status changed, plus the one still open if it is the
 * step in progress), compute from its units, and wall clock as its elapsed time minus its waits.
 */
function stepTimes(step: StepRow, run: RunRow): RunTimes {
  const current = step.status === 'running' && step.idx === run.step_index;
  const times = timesOf({ wall_ms: 0, wait_ms: step.wait_ms, compute_ms: step.compute_ms }, run, Date.now(), current);
  if (!step.started_at) return { ...times, wall_clock_seconds: 0 };
  const elapsed = (step.ended_at ? Date.parse(step.ended_at) : Date.now()) - Date.parse(step.started_at);
  return { ...times, wall_clock_seconds: Math.max(0, Math.round((elapsed - times.waiting_seconds * 1000) / 100) / 10) };
}

function originOf(fork: string): NonNullable<Run['origin']> {
  const { mode, parent_run_id, from_step, step_id } = JSON.parse(fork) as RunOrigin;
  return { mode, run_id: parent_run_id, from_step, step_id };
}
