// One scripted action: which tool it calls, its id (what later references name), an optional
// for_each list, and its arguments through the generated form.
import { html } from '../../../html';
import type { ToolEntry } from '../../../api/types';
import { ArgsForm } from './args-form';
import { GroupErrors, SelectField, TextField } from './fields';
import { referenceChoices, referenceText } from './references';
import { allowedBy, type EditableAction, type EditableSpec } from './spec-ops';
import { toolLabel } from './tool-picker';

type Props = {
  spec: EditableSpec;
  stepIndex: number;
  index: number;
  action: EditableAction;
  tools: readonly ToolEntry[];
  onChange: (action: EditableAction) => void;
  onRemove: () => void;
};

export function ActionForm(props: Props) {
  const { action, stepIndex, index } = props;
  const k = `sop.steps[${stepIndex}].actions[${index}]`;
  const step = props.spec.sop.steps[stepIndex];
  const allowed = step?.allowed_tools ?? [];
  const byId = new Map(props.tools.map((t) => [t.id, t]));
  // The registry's tools this step allows (patterns expanded), and the action's own tool whatever it is.
  const permitted = props.tools.filter((t) => allowedBy(allowed, t.id)).map((t) => t.id);
  const toolIds = permitted.includes(action.tool) ? permitted : [action.tool, ...permitted];
  const options = toolIds.map((id) => ({ value: id, label: byId.get(id) ? toolLabel(byId.get(id)!) : `${id} — not in registry` }));
  const choices = referenceChoices(props.spec, stepIndex, index);
  const set = (key: string, value: unknown) => {
    const next: EditableAction = { ...action };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    props.onChange(next);
  };
  const name = `action ${index + 1}${action.id ? ` (${action.id})` : ''}`;
  return html`<li class="se-action" aria-label=${name}>
    <div class="row gap-s se-action-head">
      <strong class="small">${name}</strong>
      <button type="button" class="btn btn-xs" onClick=${props.onRemove} aria-label=${`remove ${name}`}>✕ remove</button>
    </div>
    <${GroupErrors} k=${k} />
    <div class="se-grid">
      <${SelectField} k=${`${k}.tool`} label="tool" value=${action.tool} options=${options} onChange=${(v: string) => set('tool', v)}
        hint="from this step's allowed tools" />
      <${TextField} k=${`${k}.id`} label="action id" value=${action.id ?? ''} onChange=${(v: string) => set('id', v.trim() || undefined)}
        hint=${`later steps read it as steps.${step?.id ?? '…'}.outputs.${action.id || '<id>'}`} />
      <${TextField} k=${`${k}.for_each`} label="for each (optional)" value=${action.for_each ?? ''} onChange=${(v: string) => set('for_each', v || undefined)}
        placeholder=${referenceText('inputs.tables')} hint="one reference to a list: the tool is called once per item" />
    </div>
    <${ArgsForm} k=${`${k}.args`} schema=${byId.get(action.tool)?.input_schema} args=${action.args ?? {}} choices=${choices}
      onChange=${(args: Record<string, unknown>) => set('args', args)} />
  </li>`;
}
