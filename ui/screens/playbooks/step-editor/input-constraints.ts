// What an input accepts beyond its type: the constraints and option sources that apply to that
// type (src/domain/input-spec.ts refuses the others), so only those are offered.
import { html } from '../../../html';
import type { InputType } from '../../../../src/domain/input-spec';
import { CheckField, ListField, SelectField, TextField, numberOrText } from './fields';
import type { EditableInput } from './spec-ops';

type Props = { k: string; input: EditableInput; set: (key: string, value: unknown) => void };

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const of = (type: string, ...types: InputType[]) => (types as string[]).includes(type);

/** The three shapes of options_from, each for the input types the API accepts it on. */
const SOURCES = [
  { value: 'table', label: 'the values of a column', keys: ['table', 'column'], types: ['period', 'choice', 'string'] },
  { value: 'bucket', label: 'the tables of a bucket', keys: ['bucket'], types: ['table', 'tables'] },
  { value: 'table_input', label: 'the columns of the table in another input', keys: ['table_input'], types: ['column'] },
] as const;

function OptionsFrom(props: Props & { type: string }) {
  const from = (props.input.options_from ?? undefined) as Record<string, string> | undefined;
  const offered = SOURCES.filter((s) => (s.types as readonly string[]).includes(props.type));
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

export function InputConstraints(props: Props) {
  const { k, input, set } = props;
  const type = input.type ?? 'string';
  const number = (key: string) => html`<${TextField} k=${`${k}.${key}`} label=${key} value=${text(input[key])} onChange=${(v: string) => set(key, numberOrText(v))} />`;
  return html`<div class="se-grid">
    ${of(type, 'choice', 'period') && html`<${ListField} k=${`${k}.options`} label="options" value=${input.options} onChange=${(v?: string[]) => set('options', v)}
      hint=${type === 'period' ? 'words accepted besides a period, comma-separated' : 'the values offered, comma-separated'} />`}
    <${OptionsFrom} ...${props} type=${type} />
    ${of(type, 'number', 'integer') && [number('min'), number('max')]}
    ${of(type, 'string', 'text') && html`<${TextField} k=${`${k}.pattern`} label="pattern" value=${text(input.pattern)} onChange=${(v: string) => set('pattern', v || undefined)}
      hint="a regular expression the whole value must match" />
      <${TextField} k=${`${k}.pattern_hint`} label="pattern in words" value=${text(input.pattern_hint)} onChange=${(v: string) => set('pattern_hint', v || undefined)}
      hint="shown as: must be <this>" />`}
    ${of(type, 'string', 'text', 'sql') && number('max_length')}
    ${of(type, 'sql') && html`<${ListField} k=${`${k}.placeholders`} label="placeholders" value=${input.placeholders} onChange=${(v?: string[]) => set('placeholders', v)}
      hint="named parameters the SQL must use, e.g. :period" />`}
  </div>
  <div class="row gap">
    ${of(type, 'sql') && html`<${CheckField} k=${`${k}.read_only`} label="read only (refuse statements that change data)" checked=${input.read_only === true}
      onChange=${(v: boolean) => set('read_only', v || undefined)} />`}
    <${CheckField} k=${`${k}.locked`} label="locked (only the owner or an admin may change it)" checked=${input.locked === true} onChange=${(v: boolean) => set('locked', v)} />
  </div>`;
}
