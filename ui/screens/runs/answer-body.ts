// The body of POST /runs/{id}/input for the controls of a question card: the answer of its kind,
// and the optional comment (radio, multi and text questions) only when one was written.
import type { AnswerBody, Question } from '../../api/types';
import { gridAnswer, type GridState } from './grid-answer';

/** The API's limit for a comment with an answer. */
export const COMMENT_MAX = 2000;

/** Kinds that get the free-text comment field (grid has one per row; a file speaks for itself). */
export const takesComment = (kind: Question['kind']) => kind === 'radio' || kind === 'multi' || kind === 'text';

export type AnswerState = { choice: string; picked: string[]; text: string; grid: GridState; comment: string };

export function answerBody(q: Pick<Question, 'id' | 'kind' | 'rows'>, state: AnswerState): AnswerBody {
  const answer = q.kind === 'radio' ? state.choice : q.kind === 'multi' ? state.picked : q.kind === 'grid' ? gridAnswer(q.rows ?? [], state.grid) : state.text;
  const comment = takesComment(q.kind) ? state.comment.trim().slice(0, COMMENT_MAX) : '';
  return { question_id: q.id, answer, ...(comment ? { comment } : {}) };
}

/** The chosen option that needs a comment, while none is written (the API refuses the answer then). */
export function missingComment(q: Pick<Question, 'kind' | 'options'>, state: Pick<AnswerState, 'choice' | 'picked' | 'comment'>): Question['options'][number] | undefined {
  if (state.comment.trim() || !takesComment(q.kind)) return undefined;
  const chosen = q.kind === 'radio' ? [state.choice] : q.kind === 'multi' ? state.picked : [];
  return q.options.find((o) => o.requires_comment && chosen.includes(o.value));
}
