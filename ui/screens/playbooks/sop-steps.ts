// The SOP: goal and numbered steps with their tools and failure handling (ui.md screen 3); when a
// step branches on failure, the flow drawn as a graph above them.
import { html } from '../../html';
import type { PlaybookSpec, Step } from '../../api/types';
import { ChipList } from '../../components/chips';
import { FlowedText } from '../../components/flowed-text';
import { Pill } from '../../components/pill';
import { Section } from '../../components/section';
import { branches } from './flow/flow-graph';
import { FlowView, PlaybookLink } from './flow/flow-view';

const ON_FAILURE_TONE = { abort: 'red', skip: 'neutral', ask_user: 'amber', call_subagent: 'amber' } as const;

function StepItem(props: { step: Step; index: number }) {
  const { step, index } = props;
  return html`<li class="step">
    <div class="step-number" aria-hidden="true">${String(index + 1).padStart(2, '0')}</div>
    <div class="step-body">
      <h3 class="step-title">${step.title} <code class="muted small">${step.id}</code></h3>
      <${FlowedText} class="step-instruction" text=${step.instruction} />
      <dl class="step-facts">
        <div><dt>allowed tools</dt><dd><${ChipList} items=${step.allowed_tools} empty="no tools" label="allowed tools" /></dd></div>
        <div><dt>on failure</dt><dd><${Pill} tone=${ON_FAILURE_TONE[step.on_failure]}>${step.on_failure.replace('_', ' ')}<//>${step.subagent ? html` → <${PlaybookLink} id=${step.subagent} />` : ''}</dd></div>
        <div><dt>done when</dt><dd>${step.completion_criteria}</dd></div>
        ${step.skills.length > 0 && html`<div><dt>skills</dt><dd><${ChipList} items=${step.skills} label="step skills" /></dd></div>`}
        ${step.actions && step.actions.length > 0 &&
        html`<div><dt>scripted</dt><dd><${ChipList} items=${step.actions.map((a) => a.tool)} label="scripted actions" /></dd></div>`}
      </dl>
    </div>
  </li>`;
}

export function SopSteps(props: { spec: PlaybookSpec }) {
  const { sop } = props.spec;
  return html`
    <${Section} label="goal"><${FlowedText} class="goal" text=${sop.goal} /><//>
    ${branches(sop.steps) && html`<${Section} label="flow" id="section-flow"><${FlowView} steps=${sop.steps} /><//>`}
    <${Section} label=${`steps · ${sop.steps.length}`} id="section-steps">
      <ol class="steps">${sop.steps.map((step, i) => html`<${StepItem} key=${step.id} step=${step} index=${i} />`)}</ol>
    <//>
    ${sop.sub_playbooks.length > 0 && html`<${Section} label="sub-playbooks"><ul class="row gap flow-links" aria-label="sub-playbooks">${sop.sub_playbooks.map((id) => html`<li key=${id}><${PlaybookLink} id=${id} /></li>`)}</ul><//>`}
  `;
}
