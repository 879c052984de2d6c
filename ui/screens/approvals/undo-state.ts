// Where an approved call stands before its commit. While the run is paused the commit is held
// (`commit_held`): nothing is sent until it resumes, and an external send can still be undone after
// its window has passed (decideApproval in src/broker/approvals.ts) — so a held call never reads
// "sending…" and keeps its undo.
import type { Approval } from '../../api/types';
import { countdown, msUntil } from '../../lib/countdown';

export type UndoState = {
  /** The API would accept an undo now. */
  undoable: boolean;
  held: boolean;
  /** The countdown line: `sending in 0:42`, `sending…`, or that it is held. */
  text: string;
  /** How much of the window is left (0..1) while it counts down; null while held or without a window. */
  left: number | null;
};

export function undoState(approval: Approval, now: number): UndoState {
  const { undo_until: until, decided_at: decided, commit_held: held } = approval;
  const left = until ? msUntil(until, now) : 0;
  const undoable = approval.status === 'approved' && !!until && (left > 0 || held);
  if (held) return { undoable, held, text: 'held: nothing is sent until the run resumes', left: null };
  if (!until) return { undoable, held, text: 'sending…', left: null };
  const total = decided ? msUntil(until, Date.parse(decided)) : left;
  return { undoable, held, text: left > 0 ? `sending in ${countdown(left)}` : 'sending…', left: Math.max(0, Math.min(1, left / Math.max(total, 1))) };
}

/** The banner on a held approval: only an external send has an undo (its window) to keep. */
export function heldNotice(approval: Approval): string {
  const undo = approval.undo_until ? '; you can still undo' : '';
  return `Held: the run is paused. Nothing is sent until it resumes${undo}.`;
}
