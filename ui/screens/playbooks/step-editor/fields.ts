// Labelled form controls whose errors sit under them (aria-invalid + aria-describedby), keyed by
// the API path they edit so a refused save lands on the right one.
import { useState } from 'preact/hooks';
import { html } from '../../../html';
import { fieldId } from './error-paths';
import { useFieldIssues } from './issues-context';

type Base = { k: string; label: string; hint?: unknown; extra?: unknown; localError?: string | undefined };

function useField(props: Base) {
  const issues = useFieldIssues();
  const messages = [...(props.localError ? [props.localError] : []), ...issues.of(props.k)];
  const id = fieldId(props.k);
  const describedBy = [messages.length ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return { id, messages, describedBy, invalid: messages.length > 0 ? 'true' : undefined, edited: () => issues.edited(props.k) };
}

function Frame(props: Base & { id: string; messages: string[]; children?: unknown; labelFirst?: boolean }) {
  return html`<div class=${props.messages.length ? 'field field-invalid' : 'field'} data-field=${props.k}>
    <div class="row gap-s se-field-head"><label class="label" for=${props.id}>${props.label}</label>${props.extra}</div>
    ${props.children}
    ${props.messages.length > 0 && html`<span class="field-error" id=${`${props.id}-error`}>${props.messages.join('; ')}</span>`}
    ${props.hint && html`<span class="muted small" id=${`${props.id}-hint`}>${props.hint}</span>`}
  </div>`;
}

export function TextField(props: Base & { value: string; onChange: (v: string) => void; placeholder?: string; type?: string; list?: string }) {
  const f = useField(props);
  return html`<${Frame} ...${props} id=${f.id} messages=${f.messages}>
    <input id=${f.id} class="input" type=${props.type ?? 'text'} value=${props.value} placeholder=${props.placeholder} list=${props.list}
      aria-invalid=${f.invalid} aria-describedby=${f.describedBy} autocomplete="off" spellcheck=${false}
      onInput=${(e: Event) => { f.edited(); props.onChange((e.currentTarget as HTMLInputElement).value); }} />
  <//>`;
}

export function AreaField(props: Base & { value: string; onChange: (v: string) => void; rows?: number; code?: boolean }) {
  const f = useField(props);
  return html`<${Frame} ...${props} id=${f.id} messages=${f.messages}>
    <textarea id=${f.id} class=${props.code ? 'input textarea textarea-code' : 'input textarea'} rows=${props.rows ?? 3} value=${props.value}
      aria-invalid=${f.invalid} aria-describedby=${f.describedBy} spellcheck=${!props.code}
      onInput=${(e: Event) => { f.edited(); props.onChange((e.currentTarget as HTMLTextAreaElement).value); }}></textarea>
  <//>`;
}

export function SelectField(props: Base & { value: string; options: readonly { value: string; label: string }[]; onChange: (v: string) => void }) {
  const f = useField(props);
  return html`<${Frame} ...${props} id=${f.id} messages=${f.messages}>
    <select id=${f.id} class="input" value=${props.value} aria-invalid=${f.invalid} aria-describedby=${f.describedBy}
      onChange=${(e: Event) => { f.edited(); props.onChange((e.currentTarget as HTMLSelectElement).value); }}>
      ${props.options.map((o) => html`<option value=${o.value} selected=${o.value === props.value}>${o.label}</option>`)}
    </select>
  <//>`;
}

export function CheckField(props: Base & { checked: boolean; onChange: (v: boolean) => void }) {
  const f = useField(props);
  return html`<div class=${f.messages.length ? 'field field-invalid' : 'field'} data-field=${props.k}>
    <label class="row gap-s se-check"><input id=${f.id} type="checkbox" checked=${props.checked} aria-invalid=${f.invalid} aria-describedby=${f.describedBy}
      onChange=${(e: Event) => { f.edited(); props.onChange((e.currentTarget as HTMLInputElement).checked); }} /> ${props.label}</label>
    ${f.messages.length > 0 && html`<span class="field-error" id=${`${f.id}-error`}>${f.messages.join('; ')}</span>`}
  </div>`;
}

/** Messages for a group (a step, an action) that no single control edits. */
export function GroupErrors(props: { k: string }) {
  const messages = useFieldIssues().of(props.k);
  return messages.length > 0 ? html`<p class="field-error" data-field=${props.k} role="note">${messages.join('; ')}</p>` : null;
}

/** What a text field shows for an optional scalar: nothing when it is not set. */
export const valueText = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/**
 * An optional number: empty removes the key (the API's default applies); text that is no number
 * is kept as typed, so the API's refusal names this very field.
 */
export const numberOrText = (text: string): number | string | undefined =>
  text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;

/** A list written comma-separated in one text field; empty removes the key (the API's default applies). */
export function ListField(props: Base & { value: unknown; onChange: (v: string[] | undefined) => void }) {
  // The text as typed, so a trailing ", " stays while the next item is written.
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (Array.isArray(props.value) ? props.value.join(', ') : '');
  return html`<${TextField} ...${props} value=${text} onChange=${(v: string) => {
    setDraft(v);
    const items = v.split(',').map((s) => s.trim()).filter(Boolean);
    props.onChange(items.length ? items : undefined);
  }} />`;
}
