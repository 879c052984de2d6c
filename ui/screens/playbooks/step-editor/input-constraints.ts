// What an input accepts beyond its type: the constraints and option sources that apply to that
// type (src/domain/input-rules.ts, which the API's check uses too), so only those are offered.
import { html } from '../../../html';
import { SOURCE_TYPES, appliesTo } from '../../../../src/domain/input-rules';
import { CheckField, ListField, SelectField, TextField, numberOrText, valueText } from './fields';
import type { EditableInput } from './spec-ops';

type Props = { k: string; input: EditableInput; set: (key: string, value: unknown) => void };

/** The three shapes of options_from; SOURCE_TYPES says which input types take each. */
const SOURCES = [
  { value: 'table', label: 'the values of a column', keys: ['table', 'column'] },
  { value: 'bucket', label: 'the tables of a bucket', keys: ['bucket'] },
  { value: 'table_input', label: 'the columns of the table in another input', keys: ['table_input'] },
] as const;

function OptionsFrom(props: Props & { type: string }) {
  const from = props.input.options_from as Record<string, string> | undefined;
  const offered = SOURCES.filter((s) => (SOURCE_TYPES[s.value] as readonly string[]).includes(props.type));
  if (offered.length === 0) return null;
  const kind = from ? (SOURCES.find((s) => s.keys[0] in from)?.value ?? '') : '';
  const source = SOURCES.find((s) => s.value === kind);
  const choose = (v: string) => props.set('options_from', v ? Object.fromEntries(SOURCES.find((s) => s.value === v)!.keys.map((key) => [key, ''])) : undefined);
  return html`<${SelectField} k=${`${props.k}.options_from`} label="options from" value=${kind} onChange=${choose}
      options=${[{ value: '', label: '(none)' }, ...offered.map((s) => ({ value: s.value, label: s.label }))]}
      hint="read from the connected project; a value that is not there is refused when the run starts" />
    ${source?.keys.map((key) => html`<${TextField} key=${key} k=${`${props.k}.options_from.${key}`} label=${`options from: ${key.replace('_', ' ')}`}
      value=${from?.[key] ?? ''} onChange=${(v: string) => props.set('options_from', { ...from, [key]: v })} />`)}`;
}

/** The input as `type`: what the new type does not take (a constraint, an options_from source) is dropped rather than left for the API to refuse. */
export function withType(input: EditableInput, type: string): EditableInput {
  const next: EditableInput = { ...input, type };
  for (const key of Object.keys(next)) if (!appliesTo(key, type)) delete next[key];
  const from = next.options_from;
  const kind = from && typeof from === 'object' ? SOURCES.find((s) => s.keys[0] in from)?.value : undefined;
  if (kind && !(SOURCE_TYPES[kind] as readonly string[]).includes(type)) delete next.options_from;
  return next;
}

export function InputConstraints(props: Props) {
  const { k, input, set } = props;
  const type = input.type ?? 'string';
  const number = (key: string) => html`<${TextField} k=${`${k}.${key}`} label=${key} value=${valueText(input[key])} onChange=${(v: string) => set(key, numberOrText(v))} />`;
  return html`<div class="se-grid">
    ${['choice', 'period'].includes(type) && html`<${ListField} k=${`${k}.options`} label="options" value=${input.options} onChange=${(v?: string[]) => set('options', v)}
      hint=${type === 'period' ? 'words accepted besides a period, comma-separated' : 'the values offered, comma-separated'} />`}
    <${OptionsFrom} ...${props} type=${type} />
    ${appliesTo('min', type) && [number('min'), number('max')]}
    ${appliesTo('pattern', type) && html`<${TextField} k=${`${k}.pattern`} label="pattern" value=${valueText(input.pattern)} onChange=${(v: string) => set('pattern', v || undefined)}
      hint="a regular expression the whole value must match" />
      <${TextField} k=${`${k}.pattern_hint`} label="pattern in words" value=${valueText(input.pattern_hint)} onChange=${(v: string) => set('pattern_hint', v || undefined)}
      hint="shown as: must be <this>" />`}
    ${appliesTo('max_length', type) && number('max_length')}
    ${appliesTo('placeholders', type) && html`<${ListField} k=${`${k}.placeholders`} label="placeholders" value=${input.placeholders} onChange=${(v?: string[]) => set('placeholders', v)}
      hint="named parameters the SQL must use, e.g. :period" />`}
  </div>
  <div class="row gap">
    ${appliesTo('read_only', type) && html`<${CheckField} k=${`${k}.read_only`} label="read only (refuse statements that change data)" checked=${input.read_only === true}
      onChange=${(v: boolean) => set('read_only', v || undefined)} />`}
    <${CheckField} k=${`${k}.locked`} label="locked (only the owner or an admin may change it)" checked=${input.locked === true} onChange=${(v: boolean) => set('locked', v)} />
  </div>`;
}
