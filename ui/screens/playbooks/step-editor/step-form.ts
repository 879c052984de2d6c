// One step in a form: what it is for, how it runs, which tools it may call, and its scripted actions.
import { html } from '../../../html';
import type { ToolEntry } from '../../../api/types';
import { ActionForm } from './action-form';
import { AreaField, GroupErrors, ListField, SelectField, TextField } from './fields';
import { addAction, removeAction, setAt, type EditableAction, type EditableSpec, type EditableStep } from './spec-ops';
import { ToolPicker } from './tool-picker';
import { fieldId } from './error-paths';

const MODES = [
  { value: '', label: 'default — scripted with actions, else agent' },
  { value: 'scripted', label: 'scripted — run the actions' },
  { value: 'agent', label: 'agent — the model works with the allowed tools' },
  { value: 'auto', label: 'auto — the model if the Playbook chooses one, else the actions' },
];
const ON_FAILURE = ['abort', 'skip', 'ask_user', 'call_subagent'].map((v) => ({ value: v, label: v.replace('_', ' ') }));

type Props = { spec: EditableSpec; index: number; tools: readonly ToolEntry[]; onSpec: (spec: EditableSpec) => void };

export function StepForm(props: Props) {
  const { spec, index } = props;
  const step = spec.sop.steps[index]!;
  const k = `sop.steps[${index}]`;
  const set = (key: keyof EditableStep & string, value: unknown) => props.onSpec(setAt(spec, ['sop', 'steps', index, key], value));
  const setAction = (a: number) => (action: EditableAction) => props.onSpec(setAt(spec, ['sop', 'steps', index, 'actions', a], action));
  const stepLabel = `step ${index + 1}`;
  return html`<div class="se-step-form" role="group" aria-label=${`${stepLabel} form`}>
    <${GroupErrors} k=${k} />
    <div class="se-grid">
      <${TextField} k=${`${k}.title`} label="title" value=${step.title ?? ''} onChange=${(v: string) => set('title', v)} />
      <${TextField} k=${`${k}.id`} label="step id" value=${step.id ?? ''} onChange=${(v: string) => set('id', v)}
        hint="lowercase letters, digits and dashes; references name it" />
    </div>
    <${AreaField} k=${`${k}.instruction`} label="instruction" rows=${4} value=${step.instruction ?? ''} onChange=${(v: string) => set('instruction', v)} />
    <${AreaField} k=${`${k}.completion_criteria`} label="completion criteria" rows=${2} value=${step.completion_criteria ?? ''}
      onChange=${(v: string) => set('completion_criteria', v)} />
    <div class="se-grid">
      <${SelectField} k=${`${k}.mode`} label="mode" value=${step.mode ?? ''} options=${MODES} onChange=${(v: string) => set('mode', v || undefined)} />
      <${SelectField} k=${`${k}.on_failure`} label="on failure" value=${step.on_failure ?? 'abort'} options=${ON_FAILURE}
        onChange=${(v: string) => set('on_failure', v)} />
      ${step.on_failure === 'call_subagent' &&
      html`<${TextField} k=${`${k}.subagent`} label="subagent (a sub-playbook id)" value=${step.subagent ?? ''} onChange=${(v: string) => set('subagent', v || undefined)} />`}
    </div>
    <${ListField} k=${`${k}.skills`} label="skills" value=${step.skills} onChange=${(v?: string[]) => set('skills', v)}
      hint="comma-separated skill ids whose instructions the step's model reads" />
    <${ToolPicker} k=${`${k}.allowed_tools`} stepLabel=${stepLabel} value=${step.allowed_tools ?? []} tools=${props.tools}
      onChange=${(ids: string[]) => set('allowed_tools', ids)} />
    <div class="field" data-field=${`${k}.actions`}>
      <span class="label">scripted actions</span>
      <${GroupErrors} k=${`${k}.actions`} />
      ${(step.actions ?? []).length > 0 && html`<ol class="se-actions">
        ${(step.actions ?? []).map((action, a) => html`<${ActionForm} key=${a} spec=${spec} stepIndex=${index} index=${a} action=${action} tools=${props.tools}
          onChange=${setAction(a)} onRemove=${() => props.onSpec(removeAction(spec, index, a))} />`)}
      </ol>`}
      <label class="visually-hidden" for=${fieldId(`${k}.add-action`)}>add an action to ${stepLabel}</label>
      <select id=${fieldId(`${k}.add-action`)} class="input" onChange=${(e: Event) => {
        const select = e.currentTarget as HTMLSelectElement;
        if (select.value) props.onSpec(addAction(spec, index, select.value));
        select.value = '';
      }}>
        <option value="">+ add an action calling…</option>
        ${props.tools.map((t) => html`<option value=${t.id}>${t.id} — ${t.risk}</option>`)}
      </select>
    </div>
  </div>`;
}
