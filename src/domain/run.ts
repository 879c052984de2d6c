import { z } from '@hono/zod-openapi';
import { IsoDateTime, Slug, ToolId, UserId } from './common';
import { RiskClass } from './risk';
import { PrincipalKind } from './user';

export const RUN_STATUSES = ['queued', 'running', 'blocked', 'waiting_for_input', 'waiting_for_approval', 'reviewing', 'done', 'failed', 'cancelled'] as const;
export const RunStatus = z.enum(RUN_STATUSES).openapi('RunStatus');
export type RunStatus = z.infer<typeof RunStatus>;

export const RunTriggerInfo = z.object({ type: z.string(), id: z.string().optional(), by: z.string().optional() }).openapi('RunTriggerInfo');

/** Truthful time (src/run/clock.ts): running, waiting for people, and inside units — never mixed. */
export const RunTimes = z
  .object({
    wall_clock_seconds: z.number().nonnegative().openapi({ description: 'Time spent running: every wait for a person excluded (what the wall-clock budget counts)' }),
    waiting_seconds: z.number().nonnegative().openapi({ description: 'Time spent waiting for a person: answers, approvals, pauses, settings' }),
    compute_seconds: z.number().nonnegative().openapi({ description: 'Time spent inside units: tool calls and model turns' }),
  })
  .openapi('RunTimes');

export const RunCost = z
  .object({ usd: z.number().nonnegative(), tokens: z.number().int().nonnegative(), ...RunTimes.shape })
  .openapi('RunCost');

/** A run as listed and shown (spec §2, §4). */
export const Run = z
  .object({
    id: z.string(),
    number: z.number().int().positive(),
    playbook_id: Slug,
    revision: z.number().int().positive(),
    status: RunStatus,
    status_reason: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()),
    objective_override: z.string().optional(),
    trigger: RunTriggerInfo,
    created_by: UserId,
    created_by_kind: PrincipalKind.optional().openapi({ description: 'Whether `created_by` is a person or a service account' }),
    step_index: z.number().int().nonnegative(),
    cost: RunCost,
    parent_run_id: z.string().optional(),
    origin: z
      .object({ mode: z.enum(['retry', 'fork']), run_id: z.string(), from_step: z.number().int().nonnegative(), step_id: z.string() })
      .optional()
      .openapi({ description: 'A retry or fork: the run it came from and the step (0-based index) it started at; a fork writes and sends nothing unapproved, and serves reads from its parent' }),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
    ended_at: IsoDateTime.optional(),
  })
  .openapi('Run');
export type Run = z.infer<typeof Run>;

export const ApprovalStatus = z.enum(['pending', 'approved', 'committed', 'rejected', 'expired', 'refused']).openapi('ApprovalStatus');
export const ApprovalScope = z.enum(['single', 'batch', 'session']).openapi('ApprovalScope');

/** A gate on one tool call, a declared batch, or a budget raise (spec §2, §6). */
export const Approval = z
  .object({
    id: z.string(),
    run_id: z.string(),
    playbook_id: Slug,
    step_id: z.string().optional(),
    call_id: z.string(),
    kind: z.enum(['tool', 'batch', 'budget']),
    tool_id: z.string(),
    connection: z.string().optional(),
    destination: z.string().optional(),
    risk: RiskClass,
    scope: ApprovalScope,
    title: z.string(),
    reason: z.string().optional(),
    payload: z.record(z.string(), z.unknown()),
    body_hash: z.string().openapi({ description: 'SHA-256 of the canonical JSON payload; send it back to approve' }),
    previous_hash: z.string().optional().openapi({ description: 'Set after edit-then-approve: the hash before the edit' }),
    diff: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })).optional(),
    dry_run_result: z.unknown().optional(),
    untrusted_sources: z.array(z.string()).optional().openapi({ description: 'The untrusted content the call\'s arguments (or files it reads) derive from; set when that is why it needs this approval, or part of why' }),
    status: ApprovalStatus,
    requested_by: z.string(),
    requested_for: z.string().openapi({ description: 'The user the run acts for' }),
    expires_at: IsoDateTime,
    undo_until: IsoDateTime.optional(),
    decided_by: UserId.optional(),
    decided_at: IsoDateTime.optional(),
    comment: z.string().optional(),
    admin_only: z.boolean(),
    commit_held: z.boolean().openapi({ description: 'Approved, but the run is paused: nothing is sent until it resumes, and it can still be undone' }),
    undo_window_seconds: z.number().int().nonnegative().openapi({ description: 'How long an approved send can still be undone (0: commits at once)' }),
    created_at: IsoDateTime,
  })
  .openapi('Approval');
export type Approval = z.infer<typeof Approval>;

/** `grid`: every row gets one of the options, with an optional comment per row (e.g. classify each variance). */
export const QuestionKind = z.enum(['radio', 'multi', 'text', 'file', 'grid']).openapi('QuestionKind');

const QuestionOption = z.object({
  value: z.string(),
  label: z.string(),
  detail: z.string().optional(),
  requires_comment: z.boolean().optional().openapi({ description: 'Choosing this option needs a comment with the answer (e.g. the custom thresholds it stands for)' }),
  recommended: z.boolean().optional().openapi({ description: 'Preselected in the form and marked recommended; the person may change it' }),
});

/** The answer to a grid question: one entry per row, in row order. */
export const GridAnswer = z
  .array(z.strictObject({ row: z.string().min(1).max(200), choice: z.string().min(1).max(200), comment: z.string().max(2000).optional() }))
  .openapi('GridAnswer');
export type GridAnswer = z.infer<typeof GridAnswer>;

/** A HITL question put to a person by `kbagent.human_in_loop` (spec §4). */
export const Question = z
  .object({
    id: z.string(),
    run_id: z.string(),
    step_id: z.string().optional(),
    kind: QuestionKind,
    prompt: z.string(),
    options: z.array(QuestionOption).default([]),
    rows: z.array(QuestionOption).optional().openapi({ description: 'grid questions: the rows to answer, each with one of the options' }),
    status: z.enum(['pending', 'answered', 'cancelled']),
    answer: z.unknown().optional(),
    comment: z.string().optional().openapi({ description: 'Free text the person gave with the answer; reachable as ${{ questions.<action id>.comment }}' }),
    answered_by: UserId.optional(),
    created_at: IsoDateTime,
    answered_at: IsoDateTime.optional(),
  })
  .openapi('Question');
export type Question = z.infer<typeof Question>;

/** One entry of a run's append-only event log, streamed over SSE with `seq` as the event id. */
export const RunEvent = z
  .object({
    seq: z.number().int().positive(),
    run_id: z.string(),
    type: z.string(),
    at: IsoDateTime,
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('RunEvent');
export type RunEvent = z.infer<typeof RunEvent>;

export const StepView = z
  .object({
    index: z.number().int().nonnegative(),
    id: z.string(),
    title: z.string(),
    mode: z.enum(['scripted', 'agent']),
    status: z.enum(['pending', 'running', 'done', 'skipped', 'failed', 'cancelled']),
    outputs: z.record(z.string(), z.unknown()),
    error: z.string().optional(),
    started_at: IsoDateTime.optional(),
    ended_at: IsoDateTime.optional(),
    ...RunTimes.shape,
  })
  .openapi('StepView');

/**
 * intent → (waiting | continuing) → done | error | refused; `continuing` while a read or compute
 * call spans loop units; `unknown` when a side effect's fate was lost in a crash.
 */
export const CallStatus = z.enum(['awaiting_approval', 'intent', 'waiting', 'continuing', 'done', 'error', 'refused', 'unknown', 'abandoned']);
export type CallStatus = z.infer<typeof CallStatus>;

export const ToolCallView = z
  .object({
    call_id: z.string(),
    step_id: z.string(),
    tool_id: z.string(),
    risk: RiskClass,
    status: CallStatus,
    args: z.unknown(),
    result: z.unknown().optional(),
    error: z.string().optional(),
    child_run_id: z.string().optional(),
    untrusted_sources: z.array(z.string()).optional().openapi({ description: 'The untrusted content this call\'s output derives from (absent: none)' }),
    started_at: IsoDateTime,
    ended_at: IsoDateTime.optional(),
  })
  .openapi('ToolCallView');

export const BudgetView = z
  .object({
    max_usd: z.number(),
    max_tokens: z.number().int(),
    max_wall_clock_seconds: z.number().int(),
    on_breach: z.enum(['pause_for_approval', 'abort']),
    spent_usd: z.number(),
    spent_tokens: z.number().int(),
    wall_clock_seconds: z.number(),
    remaining_usd: z.number(),
    remaining_tokens: z.number().int(),
  })
  .openapi('BudgetView');

/** A run with everything the run view shows. */
export const RunDetail = Run.extend({
  playbook_name: z.string(),
  paused: z.boolean(),
  steps: z.array(StepView),
  questions: z.array(Question),
  tool_calls: z.array(ToolCallView),
  approvals: z.array(Approval),
  tainted: z.boolean().openapi({ description: 'Untrusted content has entered the run: every external_send needs its own approval' }),
  untrusted_sources: z.array(z.string()).openapi({ description: 'Every untrusted source the run has taken in (tool calls, outside inputs, child runs); values derived from them are wrapped for models and need fresh approval at a sink' }),
  budget: BudgetView,
  child_run_ids: z.array(z.string()),
}).openapi('RunDetail');
export type RunDetail = z.infer<typeof RunDetail>;
