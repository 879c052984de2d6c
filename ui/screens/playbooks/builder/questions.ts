// The builder's question path (no model): one field per question the API sent, answers posted back.
import { useState } from 'preact/hooks';
import { html } from '../../../html';
import type { BuilderAnswers, BuilderQuestion } from '../../../api/types';

type Values = Record<string, string>;

function initial(questions: readonly BuilderQuestion[]): Values {
  return Object.fromEntries(questions.map((q) => [q.name, q.default === undefined ? (q.options?.[0]?.value ?? '') : String(q.default)]));
}

/** Empty answers are left out, so the API's defaults apply; tables are one id per line or comma. */
function answersOf(questions: readonly BuilderQuestion[], values: Values): BuilderAnswers {
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    const raw = (values[q.name] ?? '').trim();
    if (raw === '') continue;
    if (q.kind === 'tables') out[q.name] = raw.split(/[\s,]+/).filter(Boolean);
    else if (q.kind === 'number') out[q.name] = Number(raw);
    else out[q.name] = raw;
  }
  return out as BuilderAnswers;
}

export function BuilderQuestions(props: { reason: string; questions: BuilderQuestion[]; busy: boolean; onAnswer: (answers: BuilderAnswers) => void }) {
  const [values, setValues] = useState<Values>(() => initial(props.questions));
  const set = (name: string) => (event: Event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value });
  const submit = (event: Event) => {
    event.preventDefault();
    props.onAnswer(answersOf(props.questions, values));
  };
  const field = (q: BuilderQuestion) => {
    const id = `builder-${q.name}`;
    const control = q.kind === 'choice'
      ? html`<select class="input" id=${id} value=${values[q.name]} onChange=${set(q.name)}>
          ${q.options?.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
        </select>`
      : q.kind === 'tables'
        ? html`<textarea class="input textarea" id=${id} rows="3" value=${values[q.name]} onInput=${set(q.name)}></textarea>`
        : html`<input class="input" id=${id} type=${q.kind === 'number' ? 'number' : 'text'} value=${values[q.name]} onInput=${set(q.name)} />`;
    return html`<div class="field" key=${q.name}>
      <label class="field-label" for=${id}>${q.label}${q.required ? html`<span class="required" aria-hidden="true"> *</span>` : ''}</label>
      ${control}
      ${q.hint && html`<p class="muted small">${q.hint}</p>`}
    </div>`;
  };
  return html`<form class="fields builder-questions" onSubmit=${submit} aria-label="Builder questions">
    <p class="muted">${props.reason}</p>
    ${props.questions.map(field)}
    <div class="row gap form-actions">
      <button type="submit" class="btn btn-green" disabled=${props.busy}>${props.busy ? 'assembling…' : 'assemble the draft'}</button>
    </div>
  </form>`;
}
