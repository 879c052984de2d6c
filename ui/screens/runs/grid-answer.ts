// A grid question (one option per row, an optional comment per row; e.g. classify each variance):
// the table to answer it, and the given answer read back.
import { html } from '../../html';
import type { Question } from '../../api/types';
import { rowParts } from '../../lib/number-text';

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

/** A table: one line per row (its name, its figures formatted), a radio per option, a comment field. */
export function GridControls(props: { question: Question; state: GridState; onChange: (row: string, patch: { choice?: string; comment?: string }) => void }) {
  const q = props.question;
  return html`<div class="table-wrap grid-question" role="group" aria-label="Answer each row">
    <table class="table grid-table">
      <thead><tr><th scope="col">row</th>${q.options.map((o) => html`<th scope="col" class="grid-option-head" title=${o.detail}>${o.label}</th>`)}<th scope="col">comment</th></tr></thead>
      <tbody>
        ${(q.rows ?? []).map((r) => {
          const { name, facts } = rowParts(r);
          return html`<tr class="grid-table-row" data-row=${r.value} aria-label=${r.value}>
            <th scope="row" class="grid-row-label"><span class="grid-row-name">${name}</span>${facts && html`<span class="muted small grid-row-facts">${facts}</span>`}</th>
            ${q.options.map((o) => html`<td class="grid-choice" data-label=${o.label}><input type="radio" name=${`grid-${q.id}-${r.value}`} value=${o.value} aria-label=${`${r.value}: ${o.label}`}
              checked=${props.state[r.value]?.choice === o.value} onChange=${() => props.onChange(r.value, { choice: o.value })} /></td>`)}
            <td class="grid-comment"><input type="text" class="input" maxlength="2000" placeholder="optional comment" aria-label=${`comment for ${r.value}`}
              value=${props.state[r.value]?.comment ?? ''} onInput=${(e: Event) => props.onChange(r.value, { comment: (e.currentTarget as HTMLInputElement).value })} /></td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** An answered grid: each row with its choice and comment. */
export function GridAnswerView(props: { question: Question; answer: readonly GridEntry[] }) {
  const option = (value: string) => props.question.options.find((o) => o.value === value)?.label ?? value;
  const row = (value: string) => rowParts(props.question.rows?.find((r) => r.value === value) ?? { value, label: value });
  return html`<div class="table-wrap grid-answer">
    <table class="table" aria-label="Answers">
      <thead><tr><th scope="col">row</th><th scope="col">answer</th><th scope="col">comment</th></tr></thead>
      <tbody>
        ${props.answer.map((a) => {
          const { name, facts } = row(a.row);
          return html`<tr><th scope="row" class="grid-row-label"><span class="grid-row-name">${name}</span>${facts && html`<span class="muted small grid-row-facts">${facts}</span>`}</th>
            <td><strong>${option(a.choice)}</strong></td><td>${a.comment ?? ''}</td></tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

export const isGridAnswer = (answer: unknown): answer is GridEntry[] =>
  Array.isArray(answer) && answer.every((a) => a && typeof a === 'object' && 'row' in a && 'choice' in a);
