// A HITL question inline in the stream (ui.md screen 4): radio, multi-select, text, grid or file,
// with an optional comment (radio, multi, text) and a submit button while it is pending; afterwards
// the answer, the comment and who gave it.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { AnswerBody, Question, RunDetail } from '../../api/types';
import { ErrorNotice } from '../../components/notice';
import { Markdown } from '../../components/markdown';
import { GridAnswerView, GridControls, gridComplete, isGridAnswer, type GridState } from './grid-answer';
import { COMMENT_MAX, answerBody, missingComment, takesComment } from './answer-body';

type QuestionOption = Question['options'][number];

function describeAnswer(question: Question | undefined, answer: unknown): string {
  const label = (value: unknown) => question?.options.find((o) => o.value === value)?.label ?? String(value);
  if (Array.isArray(answer)) return answer.length === 0 ? 'none' : answer.map(label).join(', ');
  if (answer && typeof answer === 'object' && 'path' in answer) return `uploaded ${String((answer as { path: unknown }).path)}`;
  return typeof answer === 'string' ? label(answer) : JSON.stringify(answer);
}

/** The file as the API wants it: base64 content and a plain name. */
function readFile(file: File): Promise<{ name: string; content_base64: string; content_type?: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.onload = () => {
      const url = String(reader.result);
      const name = file.name.replace(/[^\w.-]/g, '_').slice(-128) || 'upload';
      resolve({ name, content_base64: url.slice(url.indexOf(',') + 1), ...(file.type ? { content_type: file.type } : {}) });
    };
    reader.readAsDataURL(file);
  });
}

function Choice(props: { type: 'radio' | 'checkbox'; name: string; option: QuestionOption; checked: boolean; onChange: (checked: boolean) => void }) {
  const { option } = props;
  return html`<label class="choice">
    <input type=${props.type} name=${props.name} value=${option.value} checked=${props.checked}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
    <span class="choice-text"><span>${option.label}</span>${option.recommended && html`<span class="pill pill-green choice-recommended">recommended</span>`}${option.detail && html`<span class="muted small choice-detail">${option.detail}</span>`}</span>
  </label>`;
}

function AnswerForm(props: { runId: string; question: Question; onAnswered: (run: RunDetail) => void }) {
  const q = props.question;
  // Recommended options start selected (issue 16): agreeing with the recommendation is one click.
  const [choice, setChoice] = useState(q.kind === 'radio' ? (q.options.find((o) => o.recommended)?.value ?? '') : '');
  const [picked, setPicked] = useState<string[]>(q.kind === 'multi' ? q.options.filter((o) => o.recommended).map((o) => o.value) : []);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [grid, setGrid] = useState<GridState>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = `answer-${q.id}`;

  const needsComment = missingComment(q, { choice, picked, comment });
  const ready =
    !needsComment &&
    (q.kind === 'radio' ? choice !== '' : q.kind === 'text' ? text.trim() !== '' : q.kind === 'file' ? file !== null : q.kind === 'grid' ? gridComplete(q.rows ?? [], grid) : true);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: AnswerBody =
        q.kind === 'file' && file ? { question_id: q.id, file: await readFile(file) } : answerBody(q, { choice, picked, text, grid, comment });
      props.onAnswered(await api.answer(props.runId, body));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  let controls;
  if (q.kind === 'radio' || q.kind === 'multi') {
    controls = html`<div class="choices" role=${q.kind === 'radio' ? 'radiogroup' : 'group'} aria-labelledby=${`${name}-prompt`}>
      ${q.options.map((o) =>
        q.kind === 'radio'
          ? html`<${Choice} type="radio" name=${name} option=${o} checked=${choice === o.value} onChange=${(on: boolean) => on && setChoice(o.value)} />`
          : html`<${Choice} type="checkbox" name=${name} option=${o} checked=${picked.includes(o.value)}
              onChange=${(on: boolean) => setPicked((p) => (on ? [...p, o.value] : p.filter((v) => v !== o.value)))} />`,
      )}
    </div>`;
  } else if (q.kind === 'grid') {
    controls = html`<${GridControls} question=${q} state=${grid} onChange=${(row: string, patch: GridState[string]) => setGrid((g) => ({ ...g, [row]: { ...g[row], ...patch } }))} />`;
  } else if (q.kind === 'text') {
    controls = html`<textarea class="input textarea" rows="3" aria-labelledby=${`${name}-prompt`} value=${text}
      onInput=${(e: Event) => setText((e.currentTarget as HTMLTextAreaElement).value)}></textarea>`;
  } else {
    controls = html`<input type="file" class="file-input" aria-labelledby=${`${name}-prompt`}
      onChange=${(e: Event) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />`;
  }

  const commentId = `${name}-comment`;
  return html`<form class="answer-form" onSubmit=${submit} aria-label="Answer">
    ${controls}
    ${takesComment(q.kind) &&
    html`<div class="field answer-comment">
      <label class="label" for=${commentId}>${needsComment ? `comment · required for “${needsComment.label}”` : 'comment · optional, sent with your answer'}</label>
      <textarea id=${commentId} class="input textarea" rows="2" maxlength=${COMMENT_MAX} value=${comment}
        onInput=${(e: Event) => setComment((e.currentTarget as HTMLTextAreaElement).value)}></textarea>
    </div>`}
    ${error !== null && html`<${ErrorNotice} error=${error} title="Answer not accepted" />`}
    <div class="row gap-s">
      <button type="submit" class="btn btn-green" disabled=${!ready || busy}>${busy ? 'sending…' : '✓ send answer'}</button>
      ${q.kind === 'multi' && html`<span class="muted small">${picked.length} selected</span>`}
      ${q.kind === 'grid' && html`<span class="muted small">${(q.rows ?? []).filter((r) => grid[r.value]?.choice).length} of ${(q.rows ?? []).length} rows answered</span>`}
    </div>
  </form>`;
}

export function QuestionCard(props: {
  runId: string;
  question: Question | undefined;
  prompt: string;
  answer?: unknown;
  by?: string | undefined;
  comment?: string | undefined;
  live: boolean;
  paused?: boolean;
  onAnswered: (run: RunDetail) => void;
}) {
  const q = props.question;
  const answered = q?.status === 'answered' || props.answer !== undefined;
  const pending = q?.status === 'pending' && !answered;
  const name = `answer-${q?.id ?? 'question'}`;
  const comment = q?.comment ?? props.comment;
  return html`<section class=${pending ? 'question-card pending' : 'question-card'} aria-label="Question">
    <div class="question-head">
      <span class=${pending ? 'pill pill-amber' : 'pill pill-neutral'}>${pending ? '? your answer is needed' : answered ? '✓ answered' : q?.status ?? 'question'}</span>
      ${q && html`<span class="muted small">${q.kind}</span>`}
    </div>
    <div id=${`${name}-prompt`}><${Markdown} source=${q?.prompt ?? props.prompt} class="question-prompt" /></div>
    ${pending && q && props.live && props.paused && html`<p class="muted small">The run is paused: it continues after resume.</p>`}
    ${pending && q && props.live && html`<${AnswerForm} runId=${props.runId} question=${q} onAnswered=${props.onAnswered} />`}
    ${answered && q?.kind === 'grid' && isGridAnswer(q.answer ?? props.answer) && html`<${GridAnswerView} question=${q} answer=${q.answer ?? props.answer} />`}
    ${answered &&
    html`<p class="question-answer"><span class="muted">answer</span> <strong>${q?.kind === 'grid' ? `${(q.rows ?? []).length} rows` : describeAnswer(q, q?.answer ?? props.answer)}</strong>${(q?.answered_by ?? props.by) ? html` <span class="muted">· by ${q?.answered_by ?? props.by}</span>` : ''}</p>`}
    ${answered && comment && html`<p class="question-comment"><span class="muted">comment</span> <span class="question-comment-text">${comment}</span></p>`}
  </section>`;
}
