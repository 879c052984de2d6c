// The Playbook's inputs (what a run asks for): name, type, label, description, default, required,
// and the constraints its type takes (input-constraints.ts).
import { html } from '../../../html';
import { INPUT_TYPES } from '../../../../src/domain/input-rules';
import { AreaField, CheckField, GroupErrors, SelectField, TextField, numberOrText } from './fields';
import { InputConstraints, withType } from './input-constraints';
import { setAt, type EditableInput, type EditableSpec } from './spec-ops';

const LISTS = new Set(['tables', 'list']);
/** Types whose value may span lines (a query, a paragraph). */
const MULTILINE = new Set(['sql', 'text']);

function defaultText(input: EditableInput): string {
  const d = input.default;
  if (d === undefined || d === null) return '';
  if (Array.isArray(d)) return d.join('\n');
  return typeof d === 'object' ? JSON.stringify(d) : String(d);
}

function defaultOf(type: string, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (LISTS.has(type)) return text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (type === 'number' || type === 'integer') return numberOrText(text);
  if (type === 'boolean') return text === 'true';
  return text;
}

function InputRow(props: { spec: EditableSpec; index: number; onSpec: (spec: EditableSpec) => void }) {
  const input = props.spec.inputs![props.index]!;
  const k = `inputs[${props.index}]`;
  const type = input.type ?? 'string';
  const set = (key: string, value: unknown) => props.onSpec(setAt(props.spec, ['inputs', props.index, key], value));
  const remove = () => props.onSpec({ ...props.spec, inputs: props.spec.inputs!.filter((_, i) => i !== props.index) });
  const name = `input ${props.index + 1}${input.name ? ` (${input.name})` : ''}`;
  const defaultField = type === 'boolean'
    ? html`<${SelectField} k=${`${k}.default`} label="default" value=${defaultText(input)} onChange=${(v: string) => set('default', defaultOf(type, v))}
        options=${[{ value: '', label: '(none)' }, { value: 'true', label: 'true' }, { value: 'false', label: 'false' }]} />`
    : LISTS.has(type) || MULTILINE.has(type)
      ? html`<${AreaField} k=${`${k}.default`} label="default" rows=${LISTS.has(type) ? 2 : 6} code=${type === 'sql'} value=${defaultText(input)}
          hint=${LISTS.has(type) ? 'one per line' : undefined} onChange=${(v: string) => set('default', defaultOf(type, v))} />`
      : html`<${TextField} k=${`${k}.default`} label="default" value=${defaultText(input)} onChange=${(v: string) => set('default', defaultOf(type, v))} />`;
  return html`<li class="se-input" aria-label=${name}>
    <${GroupErrors} k=${k} />
    <div class="se-grid">
      <${TextField} k=${`${k}.name`} label="name" value=${input.name ?? ''} onChange=${(v: string) => set('name', v)} hint="steps read it as inputs.<name>" />
      <${SelectField} k=${`${k}.type`} label="type" value=${type} options=${INPUT_TYPES.map((t) => ({ value: t, label: t }))}
        onChange=${(v: string) => props.onSpec(setAt(props.spec, ['inputs', props.index], withType(input, v)))} />
      <${TextField} k=${`${k}.label`} label="label (optional)" value=${input.label ?? ''} onChange=${(v: string) => set('label', v || undefined)} />
      ${defaultField}
    </div>
    <${AreaField} k=${`${k}.description`} label="description (optional)" rows=${2} value=${input.description ?? ''}
      onChange=${(v: string) => set('description', v || undefined)} />
    <${InputConstraints} k=${k} input=${input} set=${set} />
    <div class="row gap">
      <${CheckField} k=${`${k}.required`} label="required" checked=${input.required === true} onChange=${(v: boolean) => set('required', v)} />
      <button type="button" class="btn btn-xs" aria-label=${`remove ${name}`} onClick=${remove}>✕ remove</button>
    </div>
  </li>`;
}

export function InputsForm(props: { spec: EditableSpec; onSpec: (spec: EditableSpec) => void }) {
  const inputs = props.spec.inputs ?? [];
  const add = () => {
    const taken = new Set(inputs.map((i) => i.name));
    let n = inputs.length + 1;
    while (taken.has(`input_${n}`)) n++;
    props.onSpec({ ...props.spec, inputs: [...inputs, { name: `input_${n}`, type: 'string', required: false }] });
  };
  return html`<div class="se-inputs">
    <${GroupErrors} k="inputs" />
    ${inputs.length === 0 && html`<p class="muted small">No inputs: a run asks for nothing.</p>`}
    ${inputs.length > 0 && html`<ol class="se-input-list" aria-label="inputs">
      ${inputs.map((_, i) => html`<${InputRow} key=${i} spec=${props.spec} index=${i} onSpec=${props.onSpec} />`)}
    </ol>`}
    <button type="button" class="btn" onClick=${add}>+ add input</button>
  </div>`;
}
