// The run's SOP as it stands: done steps faded, the current one highlighted (ui.md screen 4).
import { html } from '../../html';
import type { RunDetail, StepView } from '../../api/types';
import { isTerminal } from '../../lib/run-status';
import { elapsed } from '../../lib/format';
import { StatusDot } from '../../components/pill';
import { Section } from '../../components/section';

const STEP_TONE: Record<StepView['status'], string> = { pending: 'neutral', running: 'running', done: 'done', skipped: 'neutral', failed: 'failed', cancelled: 'failed' };

function StepRow(props: { step: StepView; current: boolean; runEnded: boolean }) {
  const { step, current } = props;
  // A step the run left mid-way (cancelled, failed elsewhere) still reads "running" in the API.
  const stopped = props.runEnded && step.status === 'running';
  const cls = ['run-step', `run-step-${stopped ? 'stopped' : step.status}`, current ? 'current' : ''].filter(Boolean).join(' ');
  return html`<li class=${cls} aria-current=${current ? 'step' : undefined}>
    <span class="step-number" aria-hidden="true">${String(step.index + 1).padStart(2, '0')}</span>
    <div class="run-step-body">
      <div class="run-step-title">${step.title}</div>
      <div class="run-step-meta">
        <${StatusDot} status=${stopped ? 'cancelled' : STEP_TONE[step.status]} label=${stopped ? 'stopped' : step.status} />
        <span>${step.mode}</span>
        ${step.started_at && (step.ended_at || !props.runEnded) && html`<span>${elapsed(step.started_at, step.ended_at)}</span>`}
      </div>
      ${step.error && html`<p class="run-step-error">${step.error}</p>`}
    </div>
  </li>`;
}

export function RunSop(props: { run: RunDetail }) {
  const { run } = props;
  const live = !isTerminal(run.status);
  const currentIndex = live ? (run.steps.find((s) => s.status === 'running')?.index ?? run.step_index) : -1;
  const done = run.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  return html`<${Section} label=${`sop · ${done}/${run.steps.length} steps`} id="section-run-sop">
    <ol class="run-steps" aria-label="Steps">
      ${run.steps.map((step) => html`<${StepRow} key=${step.id} step=${step} current=${step.index === currentIndex} runEnded=${!live} />`)}
    </ol>
  <//>`;
}
