// The steps as an ordered flow (one after another, an arrow between each, drawn by CSS): add, remove, reorder, and
// open a step's form. A step that branches on failure shows the branch beside it (flow/flow-view.ts).
import { html } from '../../../html';
import type { ToolEntry } from '../../../api/types';
import { FailureBranch } from '../flow/flow-view';
import { STEP_FIELDS } from './error-paths';
import { GroupErrors } from './fields';
import { useFieldIssues } from './issues-context';
import { addStep, moveStep, removeStep, type EditableSpec } from './spec-ops';
import { StepForm } from './step-form';

type Props = {
  spec: EditableSpec;
  tools: readonly ToolEntry[];
  open: ReadonlySet<number>;
  onToggle: (index: number, open: boolean) => void;
  onSpec: (spec: EditableSpec, moved?: { from: number; to: number }) => void;
};

/** Does any field of step `i` show a message? (The step's summary says so while it is closed.) */
function useStepHasIssues(i: number, spec: EditableSpec): boolean {
  const issues = useFieldIssues();
  const prefix = `sop.steps[${i}]`;
  const step = spec.sop.steps[i];
  const keys = [prefix, ...STEP_FIELDS.map((f) => `${prefix}.${f}`)];
  (step?.actions ?? []).forEach((action, a) => {
    keys.push(`${prefix}.actions[${a}]`, `${prefix}.actions[${a}].args`, `${prefix}.actions[${a}].tool`, `${prefix}.actions[${a}].id`);
    for (const name of Object.keys(action.args ?? {})) keys.push(`${prefix}.actions[${a}].args.${name}`);
  });
  return keys.some((key) => issues.of(key).length > 0);
}

function StepItem(props: Props & { index: number }) {
  const { spec, index } = props;
  const step = spec.sop.steps[index]!;
  const count = spec.sop.steps.length;
  const isOpen = props.open.has(index);
  const flagged = useStepHasIssues(index, spec);
  const label = `step ${index + 1}`;
  const move = (to: number) => props.onSpec(moveStep(spec, index, to), { from: index, to });
  return html`<li class=${flagged ? 'se-step se-step-flagged' : 'se-step'} aria-label=${`${label}: ${step.title || step.id}`}>
    <div class="se-step-head row gap-s">
      <span class="step-number" aria-hidden="true">${String(index + 1).padStart(2, '0')}</span>
      <button type="button" class="link-button se-step-toggle" aria-expanded=${isOpen ? 'true' : 'false'} onClick=${() => props.onToggle(index, !isOpen)}>
        ${isOpen ? '▾' : '▸'} ${step.title || '(untitled)'}
      </button>
      <code class="muted small">${step.id}</code>
      <span class="muted small">${(step.allowed_tools ?? []).length} tools · ${(step.actions ?? []).length} actions</span>
      ${flagged && html`<span class="field-error">needs attention</span>`}
      <span class="se-step-buttons row gap-s">
        <button type="button" class="btn btn-xs" disabled=${index === 0} aria-label=${`move ${label} up`} onClick=${() => move(index - 1)}>↑</button>
        <button type="button" class="btn btn-xs" disabled=${index === count - 1} aria-label=${`move ${label} down`} onClick=${() => move(index + 1)}>↓</button>
        <button type="button" class="btn btn-xs" disabled=${count === 1} aria-label=${`remove ${label}`} onClick=${() => props.onSpec(removeStep(spec, index), { from: index, to: -1 })}>✕</button>
      </span>
    </div>
    <${FailureBranch} steps=${spec.sop.steps} index=${index} />
    ${isOpen && html`<${StepForm} spec=${spec} index=${index} tools=${props.tools} onSpec=${(next: EditableSpec) => props.onSpec(next)} />`}
  </li>`;
}

export function StepFlow(props: Props) {
  const steps = props.spec.sop.steps;
  return html`<div class="se-flow">
    <${GroupErrors} k="sop.steps" />
    <ol class="se-steps" aria-label="steps in order">
      ${steps.map((_, i) => html`<${StepItem} key=${i} ...${props} index=${i} />`)}
    </ol>
    <button type="button" class="btn" onClick=${() => {
      props.onSpec(addStep(props.spec));
      props.onToggle(steps.length, true);
    }}>+ add step</button>
  </div>`;
}
