// Turns a run's raw events into what the stream shows: one block per tool call (awaiting approval,
// start, result or failure merged), one per question (asked, then answered), single lines for the rest.
import type { RunEvent } from '../../api/types';

export type ToolItem = {
  kind: 'tool';
  key: string;
  at: string;
  call_id: string;
  tool_id: string;
  step_id: string | undefined;
  risk: string | undefined;
  args: unknown;
  status: 'awaiting' | 'running' | 'done' | 'failed' | 'refused';
  output?: unknown;
  error?: string;
  ended_at?: string;
  /** A call that spans several units (large inputs) reports after each: the latest report and how many. */
  progress?: Record<string, unknown>;
  units?: number;
};

export type QuestionItem = { kind: 'question'; key: string; at: string; question_id: string; prompt: string; answer?: unknown; by?: string; comment?: string };

export type LineItem = {
  kind: 'model' | 'note' | 'step' | 'status' | 'artifact' | 'child' | 'run' | 'approval' | 'budget' | 'guard' | 'other';
  key: string;
  at: string;
  event: RunEvent;
};

export type StreamItem = ToolItem | QuestionItem | LineItem;

const LINE_KINDS: Record<string, LineItem['kind']> = {
  model_turn: 'model',
  model_error: 'model',
  note: 'note',
  step_started: 'step',
  step_completed: 'step',
  step_failed: 'step',
  step_skipped: 'step',
  step_retried: 'step',
  status: 'status',
  paused: 'status',
  resumed: 'status',
  cancel_requested: 'status',
  artifact: 'artifact',
  child_run_started: 'child',
  child_run_finished: 'child',
  run_created: 'run',
  run_completed: 'run',
  approval_requested: 'approval',
  approval_approved: 'approval',
  approval_undone: 'approval',
  approval_committed: 'approval',
  approval_commit_held: 'approval',
  approval_rejected: 'approval',
  approval_expired: 'approval',
  approval_refused: 'approval',
  dry_run: 'approval',
  budget: 'budget',
  budget_breached: 'budget',
  budget_raised: 'budget',
  untrusted_content: 'guard',
  sandbox_send: 'artifact',
};

/** An approval that ends without the call running leaves the call refused, with the reason. */
const CLOSING: Record<string, string> = { approval_rejected: 'rejected', approval_expired: 'expired', approval_refused: 'refused' };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function streamItems(events: readonly RunEvent[]): StreamItem[] {
  const items: StreamItem[] = [];
  const tools = new Map<string, ToolItem>();
  const questions = new Map<string, QuestionItem>();
  const approvalCalls = new Map<string, string>();
  for (const event of events) {
    const d = event.data;
    const callId = str(d.call_id);
    switch (event.type) {
      case 'tool_call_awaiting_approval':
      case 'tool_call_started': {
        const status = event.type === 'tool_call_started' ? 'running' : 'awaiting';
        const known = callId ? tools.get(callId) : undefined;
        if (known) {
          // Approved: the block that waited now runs (and shows the arguments it runs with).
          Object.assign(known, { status, risk: str(d.risk) ?? known.risk, args: d.args ?? known.args });
          break;
        }
        const item: ToolItem = {
          kind: 'tool', key: `tool-${callId ?? event.seq}`, at: event.at, call_id: callId ?? String(event.seq),
          tool_id: str(d.tool_id) ?? '?', step_id: str(d.step_id), risk: str(d.risk), args: d.args, status,
        };
        if (callId) tools.set(callId, item);
        items.push(item);
        break;
      }
      case 'tool_call_finished':
      case 'tool_call_failed':
      case 'tool_call_refused': {
        let item = callId ? tools.get(callId) : undefined;
        if (!item) {
          item = { kind: 'tool', key: `tool-${callId ?? event.seq}`, at: event.at, call_id: callId ?? String(event.seq), tool_id: str(d.tool_id) ?? '?', step_id: str(d.step_id), risk: undefined, args: undefined, status: 'running' };
          if (callId) tools.set(callId, item);
          items.push(item);
        }
        item.ended_at = event.at;
        if (event.type === 'tool_call_finished') {
          item.status = 'done';
          item.output = d.output;
        } else {
          item.status = event.type === 'tool_call_failed' ? 'failed' : 'refused';
          item.error = str(d.error) ?? [str(d.code), str(d.reason)].filter(Boolean).join(': ');
        }
        break;
      }
      case 'tool_call_progress': {
        const item = callId ? tools.get(callId) : undefined;
        if (item) {
          item.progress = (d.progress as Record<string, unknown> | undefined) ?? {};
          item.units = (item.units ?? 1) + 1;
        }
        break;
      }
      case 'question_asked': {
        const id = str(d.question_id) ?? String(event.seq);
        const item: QuestionItem = { kind: 'question', key: `question-${id}`, at: event.at, question_id: id, prompt: str(d.prompt) ?? '' };
        questions.set(id, item);
        items.push(item);
        break;
      }
      case 'question_answered': {
        const item = questions.get(str(d.question_id) ?? '');
        if (item) {
          item.answer = d.answer;
          const by = str(d.by);
          if (by) item.by = by;
          const comment = str(d.comment);
          if (comment) item.comment = comment;
        } else items.push({ kind: 'other', key: `event-${event.seq}`, at: event.at, event });
        break;
      }
      default: {
        if (event.type === 'approval_requested') {
          const payload = d.payload as { call_id?: unknown; args?: unknown } | undefined;
          const call = str(payload?.call_id);
          const id = str(d.approval_id);
          if (call && id) approvalCalls.set(id, call);
          const item = call ? tools.get(call) : undefined;
          if (item && item.args === undefined) item.args = payload?.args;
        }
        const closing = CLOSING[event.type];
        const waiting = closing ? tools.get(approvalCalls.get(str(d.approval_id) ?? '') ?? '') : undefined;
        if (waiting && waiting.status === 'awaiting') {
          waiting.status = 'refused';
          waiting.error = `approval ${closing}: ${str(d.reason) ?? ''}`;
          waiting.ended_at = event.at;
        }
        items.push({ kind: LINE_KINDS[event.type] ?? 'other', key: `event-${event.seq}`, at: event.at, event });
      }
    }
  }
  return items;
}

/** "phase comparing · records 100,000 · compared pairs 450,000" */
export function progressText(progress: Record<string, unknown>): string {
  return Object.entries(progress)
    .map(([key, value]) => `${key.replace(/_/g, ' ')} ${typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}`)
    .join(' · ');
}
