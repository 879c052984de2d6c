// An action's arguments as a form generated from its tool's JSON schema (schema-fields.ts). Every
// field can take a `${{ }}` reference from the picker; a tool without a schema, or arguments the
// schema does not name, are edited as JSON so nothing is out of reach.
import { useState } from 'preact/hooks';
import { html } from '../../../html';
import { AreaField, CheckField, GroupErrors, SelectField, TextField } from './fields';
import { fieldId } from './error-paths';
import { ReferencePicker } from './reference-picker';
import { referenceText, type ReferenceChoice } from './references';
import { controlOf, fieldsOf, parseText, textOf, type ArgField } from './schema-fields';

type Args = Record<string, unknown>;
type Props = { k: string; schema: unknown; args: Args; choices: readonly ReferenceChoice[]; onChange: (args: Args) => void };

function without(args: Args, name: string): Args {
  const { [name]: _drop, ...rest } = args;
  return rest;
}

function ArgInput(props: { k: string; field: ArgField; value: unknown; choices: readonly ReferenceChoice[]; onChange: (value: unknown) => void }) {
  const { field } = props;
  // The text as typed: a half-written number or JSON stays visible with its error until it parses.
  const [draft, setDraft] = useState<{ text: string; error?: string } | null>(null);
  const text = draft?.text ?? textOf(field, props.value);
  const label = `${field.name}${field.required ? '' : ' (optional)'}`;
  const hint = [field.description, field.default !== undefined ? `default ${JSON.stringify(field.default)}` : ''].filter(Boolean).join(' · ') || undefined;
  const set = (next: string) => {
    const parsed = parseText(field, next);
    if ('error' in parsed) return setDraft({ text: next, error: parsed.error });
    setDraft(field.kind === 'json' || field.kind === 'list' || field.kind === 'number' || field.kind === 'integer' ? { text: next } : null);
    props.onChange('unset' in parsed ? undefined : parsed.value);
  };
  const picker = html`<${ReferencePicker} id=${`${fieldId(props.k)}-ref`} fieldLabel=${field.name} choices=${props.choices}
    onPick=${(expression: string) => set(field.kind === 'string' && text.trim() ? `${text}${referenceText(expression)}` : referenceText(expression))} />`;
  const common = { k: props.k, label, hint, extra: picker, localError: draft?.error };
  const control = controlOf(field, props.value);
  if (control === 'string' || control === 'number' || control === 'integer') {
    return html`<${TextField} ...${common} value=${text} onChange=${set} type="text" />`;
  }
  if (control === 'enum') {
    const options = [{ value: '', label: field.required ? '— choose —' : '(default)' }, ...(field.options ?? []).map((o) => ({ value: o, label: o }))];
    return html`<${SelectField} ...${common} value=${text} options=${options} onChange=${set} />`;
  }
  if (control === 'boolean') {
    return html`<${CheckField} k=${props.k} label=${label} checked=${props.value === true} onChange=${(v: boolean) => props.onChange(v)} />`;
  }
  return html`<${AreaField} ...${common} value=${text} onChange=${set} rows=${field.kind === 'list' ? 3 : 4} code=${field.kind === 'json'}
    hint=${field.kind === 'list' ? 'one per line' : `JSON${hint ? ` · ${hint}` : ''}`} />`;
}

/** Arguments the schema does not name (or every one, without a schema), as one JSON object. */
function ExtraArgs(props: { k: string; args: Args; names: ReadonlySet<string>; onChange: (extra: Args) => void; hasSchema: boolean }) {
  const extra = Object.fromEntries(Object.entries(props.args).filter(([name]) => !props.names.has(name)));
  const [draft, setDraft] = useState<{ text: string; error?: string } | null>(null);
  if (props.hasSchema && Object.keys(extra).length === 0 && !draft) return null;
  const set = (text: string) => {
    try {
      const value = text.trim() ? (JSON.parse(text) as unknown) : {};
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      setDraft({ text });
      props.onChange(value as Args);
    } catch {
      setDraft({ text, error: 'must be a JSON object' });
    }
  };
  return html`<${AreaField} k=${`${props.k}.json`} label=${props.hasSchema ? 'other arguments (JSON)' : 'arguments (JSON)'} code rows=${4}
    value=${draft?.text ?? JSON.stringify(extra, null, 2)} localError=${draft?.error} onChange=${set} />`;
}

export function ArgsForm(props: Props) {
  const fields = fieldsOf(props.schema);
  const names = new Set(fields.map((f) => f.name));
  const setArg = (name: string) => (value: unknown) => props.onChange(value === undefined ? without(props.args, name) : { ...props.args, [name]: value });
  const setExtra = (extra: Args) => {
    const known = Object.fromEntries(Object.entries(props.args).filter(([name]) => names.has(name)));
    props.onChange({ ...known, ...extra });
  };
  return html`<fieldset class="se-args">
    <legend class="label">arguments</legend>
    <${GroupErrors} k=${props.k} />
    ${fields.map((field) => html`<${ArgInput} key=${field.name} k=${`${props.k}.${field.name}`} field=${field} value=${props.args[field.name]}
      choices=${props.choices} onChange=${setArg(field.name)} />`)}
    <${ExtraArgs} k=${props.k} args=${props.args} names=${names} hasSchema=${fields.length > 0} onChange=${setExtra} />
  </fieldset>`;
}
