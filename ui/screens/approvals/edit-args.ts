// Edit then approve: the call's arguments as JSON, checked as you type, with the diff against the
// original shown before you confirm. The API validates them against the tool's schema (422 inline).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../../html';
import { ApiError } from '../../api/client';
import { jsonDiff, parseArgs } from '../../lib/json-diff';
import { ErrorNotice } from '../../components/notice';
import { DiffView } from './diff-view';

export type EditArgsProps = {
  original: Record<string, unknown>;
  busy: boolean;
  error: unknown;
  confirmLabel: string;
  onBack: () => void;
  onConfirm: (edited: Record<string, unknown>) => void;
};

export function EditArgs(props: EditArgsProps) {
  const [text, setText] = useState(() => JSON.stringify(props.original, null, 2));
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const parsed = useMemo(() => parseArgs(text), [text]);
  const diff = useMemo(() => (parsed.ok ? jsonDiff(props.original, parsed.value) : []), [parsed, props.original]);
  const issues = props.error instanceof ApiError ? props.error.issues : [];
  const problem = parsed.ok ? (diff.length === 0 ? 'Change something to approve an edited call.' : null) : parsed.error;

  return html`<div class="edit-args">
    <label class="label" for="edited-args">arguments (JSON)</label>
    <textarea id="edited-args" ref=${area} class="input textarea code-input" rows="8" spellcheck=${false} autocomplete="off"
      aria-invalid=${parsed.ok ? undefined : 'true'} aria-describedby="edited-args-state"
      value=${text} onInput=${(e: Event) => setText((e.currentTarget as HTMLTextAreaElement).value)}></textarea>
    <p id="edited-args-state" class=${parsed.ok ? 'muted small' : 'field-error'} role="status">${problem ?? `${diff.length} ${diff.length === 1 ? 'change' : 'changes'}; the new payload gets a new body hash.`}</p>
    ${issues.length > 0 &&
    html`<ul class="field-error" role="alert">${issues.map((i) => html`<li><code>${i.path}</code> ${i.message}</li>`)}</ul>`}
    ${props.error && issues.length === 0 ? html`<${ErrorNotice} error=${props.error} title="Not approved" />` : null}
    ${parsed.ok && diff.length > 0 && html`<div class="section"><h3 class="label">changes to approve</h3><${DiffView} diff=${diff} label="Changes to the arguments" /></div>`}
    <div class="row gap-s modal-actions">
      <button type="button" class="btn" onClick=${props.onBack} disabled=${props.busy}>← back</button>
      <span class="spacer"></span>
      <button type="button" class="btn btn-green" disabled=${props.busy || problem !== null}
        onClick=${() => parsed.ok && props.onConfirm(parsed.value)}>${props.busy ? 'approving…' : props.confirmLabel}</button>
    </div>
  </div>`;
}
