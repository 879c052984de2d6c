// One run input as a form control, by its declared type: numbers with their range, a choice as a
// select, a period/table/choice/column with values from the project as a picker (tables: a
// multi-select), SQL in a code textarea. Values stay as the user typed them until the form is sent
// (see inputValue). An input the author locked is shown read-only to anyone who may not edit the
// Playbook. Without options (not offered, or the project could not be read) a text box remains.
import { html } from '../../html';
import type { InputOption, InputSpec } from '../../api/types';
import { lines } from './preselect';
import type { OptionsState } from './use-input-options';

export type Draft = string | boolean;

/** The draft a field starts from: the declared default, shown as the control shows it. */
export function initialDraft(spec: InputSpec): Draft {
  const d = spec.default;
  if (spec.type === 'boolean') return d === true;
  if (d === undefined || d === null) return '';
  if ((spec.type === 'tables' || spec.type === 'list') && Array.isArray(d)) return d.join('\n');
  return typeof d === 'string' ? d : String(d);
}

/** The value sent for a draft; undefined leaves the input out (its default or "required" applies). */
export function inputValue(spec: InputSpec, draft: Draft): unknown {
  if (spec.type === 'boolean') return draft === true;
  const text = typeof draft === 'string' ? draft : '';
  if (text.trim() === '') return undefined;
  switch (spec.type) {
    case 'number':
    case 'integer':
      // Sent as typed when it is no number, so the API names it ("must be a whole number (got …)").
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 'tables':
      return lines(text);
    case 'list':
      return text.split('\n').map((t) => t.trim()).filter(Boolean);
    default:
      return text;
  }
}

/** How to write a value; a picker needs no telling, except that tables take several. */
function hint(spec: InputSpec, picking: boolean): string | undefined {
  if (picking) return spec.type === 'tables' ? 'ctrl/⌘-click to choose several' : undefined;
  switch (spec.type) {
    case 'table':
      return 'a table id, e.g. in.c-crm.contacts';
    case 'tables':
      return 'table ids, one per line';
    case 'list':
      return 'one value per line';
    case 'period':
      return `as ${spec.format ?? 'YYYY-MM'}${spec.options?.length ? ` or ${spec.options.join(', ')}` : ''}`;
    case 'number':
    case 'integer':
      return spec.min !== undefined && spec.max !== undefined ? `${spec.min} to ${spec.max}` : spec.min !== undefined ? `at least ${spec.min}` : spec.max !== undefined ? `at most ${spec.max}` : undefined;
    default:
      return undefined;
  }
}

type Props = { spec: InputSpec; value: Draft; error?: string | undefined; note?: string | undefined; options?: OptionsState | undefined; fixed?: boolean; onChange: (value: Draft) => void };

/** The options to pick from, once loaded; none for an input the author fixed. */
function offered(props: Props): InputOption[] | undefined {
  const { fixed = false, options } = props;
  return !fixed && options?.status === 'ready' && options.options.length > 0 ? options.options : undefined;
}

function control(props: Props, common: Record<string, unknown>) {
  const { spec, value, fixed = false } = props;
  const text = typeof value === 'string' ? value : '';
  const onText = (e: Event) => props.onChange((e.currentTarget as HTMLInputElement).value);
  const picked = offered(props);

  if (spec.type === 'boolean') {
    return html`<label class="check"><input type="checkbox" ...${common} checked=${value === true} disabled=${fixed}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />${spec.label ?? spec.name}</label>`;
  }
  if (picked && spec.type === 'tables') {
    const chosen = new Set(lines(text));
    const onPick = (e: Event) => props.onChange([...(e.currentTarget as HTMLSelectElement).selectedOptions].map((o) => o.value).join('\n'));
    return html`<select class="input select-multiple" multiple size=${Math.min(8, picked.length)} ...${common} onChange=${onPick}>
      ${picked.map((o) => html`<option value=${o.value} selected=${chosen.has(o.value)}>${o.label ?? o.value}</option>`)}
    </select>`;
  }
  const choices = picked ?? (spec.type === 'choice' && !spec.options_from ? (spec.options ?? []).map((value) => ({ value, label: undefined })) : undefined);
  if (choices) {
    return html`<select class="input" ...${common} value=${text} disabled=${fixed} onChange=${onText}>
      ${!spec.required || text === '' ? html`<option value="">—</option>` : null}
      ${choices.map((o) => html`<option value=${o.value}>${o.label ?? o.value}</option>`)}
    </select>`;
  }
  if (spec.type === 'sql') {
    return html`<textarea class="input textarea textarea-code" rows="10" spellcheck="false" ...${common} value=${text} readonly=${fixed} onInput=${onText}></textarea>`;
  }
  if (spec.type === 'text' || spec.type === 'tables' || spec.type === 'list') {
    return html`<textarea class="input textarea" rows=${spec.type === 'text' ? 3 : 4} ...${common} value=${text} readonly=${fixed} onInput=${onText}></textarea>`;
  }
  const numeric = spec.type === 'number' || spec.type === 'integer';
  return html`<input class="input" type=${numeric ? 'number' : 'text'} step=${numeric ? (spec.type === 'integer' ? '1' : 'any') : undefined}
    min=${spec.min} max=${spec.max} placeholder=${spec.type === 'period' ? (spec.format ?? 'YYYY-MM') : undefined}
    ...${common} value=${text} readonly=${fixed} onInput=${onText} autocomplete="off" />`;
}

export function InputField(props: Props) {
  const { spec, error, note, options } = props;
  const id = `input-${spec.name}`;
  const loaded = options?.status === 'ready' ? options.note : options?.status === 'failed' ? `values could not be loaded: ${options.message}` : undefined;
  const help = [spec.description, hint(spec, offered(props) !== undefined), loaded].filter(Boolean).join(' · ');
  const describedBy = [spec.locked && `${id}-lock`, help && `${id}-help`, note && `${id}-note`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = { id, name: spec.name, 'aria-required': spec.required ? 'true' : undefined, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy };

  // data-options: loading | ready | failed, for whoever waits on the picker (the e2e tests).
  return html`<div class=${error ? 'field field-invalid' : 'field'} data-options=${options?.status}>
    ${spec.type !== 'boolean' &&
    html`<label class="field-label" for=${id}>${spec.label ?? spec.name}${spec.required ? html`<span class="required" aria-hidden="true"> *</span>` : ''}
      <code class="muted small">${spec.name} · ${spec.type}${options?.status === 'loading' ? ' · loading values…' : ''}</code></label>`}
    ${control(props, common)}
    ${spec.locked &&
    html`<p class="lock-note small" id=${`${id}-lock`}>
      ${props.fixed ? 'Fixed by the author: this run uses their value' : 'Locked: only the owner or an admin may run with a different value'}
    </p>`}
    ${help && html`<p class="muted small" id=${`${id}-help`}>${help}</p>`}
    ${note && html`<p class="field-note small" id=${`${id}-note`} role="status">${note}</p>`}
    ${error && html`<p class="field-error" id=${`${id}-error`}>${spec.label ?? spec.name} ${error}</p>`}
  </div>`;
}
