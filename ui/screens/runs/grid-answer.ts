// A grid question (one option per row, an optional comment per row; e.g. classify each variance):
// the table to answer it, and the given answer read back.
import { html } from '../../html';
import type { Question } from '../../api/types';

type Option = Question['options'][number];
export type GridEntry = { row: string; choice: string; comment?: string };
export type GridState = Record<string, { choice?: string; comment?: string }>;

/** The API's answer body: every row in order, a comment only where one was written. */
export function gridAnswer(rows: readonly Option[], state: GridState): GridEntry[] {
  return rows.map((r) => {
    const comment = state[r.value]?.comment?.trim();
    return { row: r.value, choice: state[r.value]?.choice ?? '', ...(comment ? { comment } : {}) };
  });
}

export const gridComplete = (rows: readonly Option[], state: GridState) => rows.every((r) => !!state[r.value]?.choice);

/** One block per row (the stream column is narrow): its label, the options as radios, a comment field. */
export function GridControls(props: { question: Question; state: GridState; onChange: (row: string, patch: { choice?: string; comment?: string }) => void }) {
  const q = props.question;
  return html`<div class="grid-question" role="group" aria-label="Answer each row">
    ${(q.rows ?? []).map((r) => html`<fieldset class="grid-row" aria-label=${r.value}>
      <legend class="grid-row-label">${r.label}${r.detail && html` <span class="muted small">${r.detail}</span>`}</legend>
      <div class="grid-options">
        ${q.options.map((o) => html`<label class="choice choice-inline">
          <input type="radio" name=${`grid-${q.id}-${r.value}`} value=${o.value} aria-label=${`${r.value}: ${o.label}`}
            checked=${props.state[r.value]?.choice === o.value} onChange=${() => props.onChange(r.value, { choice: o.value })} />
          <span>${o.label}</span>
        </label>`)}
      </div>
      <input type="text" class="input" maxlength="2000" placeholder="comment (optional)" aria-label=${`comment for ${r.value}`}
        value=${props.state[r.value]?.comment ?? ''} onInput=${(e: Event) => props.onChange(r.value, { comment: (e.currentTarget as HTMLInputElement).value })} />
    </fieldset>`)}
  </div>`;
}

/** An answered grid: each row with its choice and comment. */
export function GridAnswerView(props: { question: Question; answer: readonly GridEntry[] }) {
  const label = (rows: readonly Option[] | undefined, value: string) => rows?.find((o) => o.value === value)?.label ?? value;
  return html`<div class="table-wrap grid-answer">
    <table class="table" aria-label="Answers">
      <tbody>
        ${props.answer.map((a) => html`<tr><th scope="row">${label(props.question.rows, a.row)}</th><td><strong>${label(props.question.options, a.choice)}</strong></td><td>${a.comment ?? ''}</td></tr>`)}
      </tbody>
    </table>
  </div>`;
}

export const isGridAnswer = (answer: unknown): answer is GridEntry[] =>
  Array.isArray(answer) && answer.every((a) => a && typeof a === 'object' && 'row' in a && 'choice' in a);
