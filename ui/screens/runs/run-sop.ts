// The run's SOP as it stands: done steps faded, the current one highlighted (ui.md screen 4), each
// step's time in the API's three numbers, and where the rules allow it (lib/run-again.ts) "retry
// from here" and "fork here", which open the run-again dialog at that step.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import type { RunDetail, StepView } from '../../api/types';
import { isTerminal } from '../../lib/run-status';
import { canForkAt, canRetryFrom } from '../../lib/run-again';
import { fromParentRecord } from '../../lib/run-origin';
import { StatusDot } from '../../components/pill';
import { Section } from '../../components/section';
import { AgainDialog, type AgainRequest } from './again-dialog';
import { StepTimesLine } from './run-times';

const STEP_TONE: Record<StepView['status'], string> = { pending: 'neutral', running: 'running', done: 'done', skipped: 'neutral', failed: 'failed', cancelled: 'failed' };

type StepProps = { run: RunDetail; step: StepView; current: boolean; onAgain: (request: AgainRequest) => void };

function StepRow(props: StepProps) {
  const { run, step, current } = props;
  const runEnded = isTerminal(run.status);
  // A step the run left mid-way (cancelled, failed elsewhere) still reads "running" in the API.
  const stopped = runEnded && step.status === 'running';
  const recorded = fromParentRecord(run.origin, step.index);
  const retry = canRetryFrom(run, step.index);
  const fork = canForkAt(run, step.index);
  const cls = ['run-step', `run-step-${stopped ? 'stopped' : step.status}`, current ? 'current' : ''].filter(Boolean).join(' ');
  return html`<li class=${cls} aria-current=${current ? 'step' : undefined}>
    <span class="step-number" aria-hidden="true">${String(step.index + 1).padStart(2, '0')}</span>
    <div class="run-step-body">
      <div class="run-step-title">${step.title}</div>
      <div class="run-step-meta">
        <${StatusDot} status=${stopped ? 'cancelled' : STEP_TONE[step.status]} label=${stopped ? 'stopped' : step.status} />
        <span>${step.mode}</span>
        ${recorded ? html`<span>from the parent run's record</span>` : step.started_at && html`<${StepTimesLine} times=${step} />`}
      </div>
      ${step.error && html`<p class="run-step-error">${step.error}</p>`}
      ${(retry || fork) &&
      html`<div class="run-step-actions">
        ${retry && html`<button type="button" class="link-button" onClick=${() => props.onAgain({ mode: 'retry', step })}>↻ retry from here</button>`}
        ${fork && html`<button type="button" class="link-button" onClick=${() => props.onAgain({ mode: 'fork', step })}>⎇ fork here</button>`}
      </div>`}
    </div>
  </li>`;
}

export function RunSop(props: { run: RunDetail }) {
  const { run } = props;
  const [again, setAgain] = useState<AgainRequest | null>(null);
  const live = !isTerminal(run.status);
  const currentIndex = live ? (run.steps.find((s) => s.status === 'running')?.index ?? run.step_index) : -1;
  const done = run.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  return html`<${Section} label=${`sop · ${done}/${run.steps.length} steps`} id="section-run-sop">
    <ol class="run-steps" aria-label="Steps">
      ${run.steps.map((step) => html`<${StepRow} key=${step.id} run=${run} step=${step} current=${step.index === currentIndex} onAgain=${setAgain} />`)}
    </ol>
    ${again && html`<${AgainDialog} run=${run} request=${again} onClose=${() => setAgain(null)} />`}
  <//>`;
}
