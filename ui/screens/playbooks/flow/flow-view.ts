// The step graph drawn (flow-graph.ts has the edges): a column of step nodes joined by arrows,
// and beside a step that branches, a dashed connector to where a failure goes. Each branch reads
// as text too ("on failure → calls Playbook Fix the data"), so the drawing is never the only account.
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import { Link } from '../../../lib/router';
import { useAsync } from '../../../lib/use-async';
import { edgeText, failureTarget, type FlowStep, type FlowTarget } from './flow-graph';

/** A called Playbook by its name (its id while that loads, or if this person cannot see it), linked. */
export function PlaybookLink(props: { id: string }) {
  const record = useAsync(() => api.playbook(props.id), [props.id]);
  return html`<${Link} href=${`/playbooks/${props.id}`}>${record.data?.name ?? props.id}<//>`;
}

function Target(props: { to: FlowTarget }) {
  const { to } = props;
  if (to.kind === 'playbook') return html`calls Playbook <${PlaybookLink} id=${to.id} />`;
  return edgeText({ from: 0, on: 'failure', to }).replace('on failure → ', '');
}

/** Where step `index` goes when it fails, drawn as a branch; nothing for abort (the run stops). */
export function FailureBranch(props: { steps: readonly FlowStep[]; index: number }) {
  const to = failureTarget(props.steps, props.index);
  if (!to) return null;
  return html`<span class=${`flow-branch flow-branch-${to.kind}`}>
    <span class="flow-connector" aria-hidden="true"></span>
    <span class="flow-target">on failure → <${Target} to=${to} /></span>
  </span>`;
}

/** The whole flow: every step in order, its branch beside it, and the end of the run. */
export function FlowView(props: { steps: readonly FlowStep[] }) {
  const { steps } = props;
  return html`<ol class="flow" aria-label="Step flow">
    ${steps.map((step, i) => html`<li class="flow-row" key=${step.id} aria-label=${`step ${i + 1}: ${step.title || step.id}`}>
      <span class="flow-node"><span class="step-number" aria-hidden="true">${String(i + 1).padStart(2, '0')}</span> ${step.title || step.id}</span>
      <${FailureBranch} steps=${steps} index=${i} />
    </li>`)}
    <li class="flow-row flow-row-end"><span class="flow-node flow-end">end of run</span></li>
  </ol>`;
}
