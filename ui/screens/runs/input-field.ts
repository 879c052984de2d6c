// One run input as a form control, by its declared type (string, text, number, boolean, choice,
// table, tables). Values stay as the user typed them until the form is sent (see inputValue). An
// input the author locked is shown read-only to anyone who may not edit the Playbook.
import { html } from '../../html';
import type { InputSpec } from '../../api/types';

export type Draft = string | boolean;

/** The draft a field starts from: the declared default, shown as the control shows it. */
export function initialDraft(spec: InputSpec): Draft {
  const d = spec.default;
  if (spec.type === 'boolean') return d === true;
  if (d === undefined || d === null) return '';
  if (spec.type === 'tables' && Array.isArray(d)) return d.join('\n');
  return typeof d === 'string' ? d : String(d);
}

/** The value sent for a draft; undefined leaves the input out (its default or "required" applies). */
export function inputValue(spec: InputSpec, draft: Draft): unknown {
  if (spec.type === 'boolean') return draft === true;
  const text = typeof draft === 'string' ? draft : '';
  if (text.trim() === '') return undefined;
  switch (spec.type) {
    case 'number':
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 'tables':
      return text.split(/[\n,]/).map((t) => t.trim()).filter(Boolean);
    default:
      return text;
  }
}

const HINTS: Partial<Record<InputSpec['type'], string>> = {
  table: 'a table id, e.g. in.c-crm.contacts',
  tables: 'table ids, one per line',
};

export function InputField(props: { spec: InputSpec; value: Draft; error?: string | undefined; fixed?: boolean; onChange: (value: Draft) => void }) {
  const { spec, value, error, fixed = false } = props;
  const id = `input-${spec.name}`;
  const help = [spec.description, HINTS[spec.type]].filter(Boolean).join(' · ');
  const describedBy = [spec.locked && `${id}-lock`, help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = { id, name: spec.name, 'aria-required': spec.required ? 'true' : undefined, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy };
  const text = typeof value === 'string' ? value : '';
  const onText = (e: Event) => props.onChange((e.currentTarget as HTMLInputElement).value);

  let control;
  if (spec.type === 'boolean') {
    control = html`<label class="check"><input type="checkbox" ...${common} checked=${value === true} disabled=${fixed}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />${spec.label ?? spec.name}</label>`;
  } else if (spec.type === 'choice') {
    control = html`<select class="input" ...${common} value=${text} disabled=${fixed} onChange=${onText}>
      ${!spec.required || text === '' ? html`<option value="">—</option>` : null}
      ${(spec.options ?? []).map((o) => html`<option value=${o}>${o}</option>`)}
    </select>`;
  } else if (spec.type === 'text' || spec.type === 'tables') {
    control = html`<textarea class="input textarea" rows=${spec.type === 'tables' ? 4 : 3} ...${common} value=${text} readonly=${fixed} onInput=${onText}></textarea>`;
  } else {
    control = html`<input class="input" type=${spec.type === 'number' ? 'number' : 'text'} step=${spec.type === 'number' ? 'any' : undefined}
      ...${common} value=${text} readonly=${fixed} onInput=${onText} autocomplete="off" />`;
  }

  return html`<div class=${error ? 'field field-invalid' : 'field'}>
    ${spec.type !== 'boolean' &&
    html`<label class="field-label" for=${id}>${spec.label ?? spec.name}${spec.required ? html`<span class="required" aria-hidden="true"> *</span>` : ''}
      <code class="muted small">${spec.name} · ${spec.type}</code></label>`}
    ${control}
    ${spec.locked &&
    html`<p class="lock-note small" id=${`${id}-lock`}>
      ${fixed ? 'Fixed by the author: this run uses their value' : 'Locked: only the owner or an admin may run with a different value'}
    </p>`}
    ${help && html`<p class="muted small" id=${`${id}-help`}>${help}</p>`}
    ${error && html`<p class="field-error" id=${`${id}-error`}>${spec.label ?? spec.name} ${error}</p>`}
  </div>`;
}
