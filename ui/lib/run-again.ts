// Which of run again / retry / fork apply where (mirrors the API's rules in src/run/run-object.ts
// seedFor; the API still decides): a new run may start at a step only when every step before it
// finished (done or skipped) in the original, since it takes their recorded results.
import type { RunStatus, StepView } from '../api/types';
import { isTerminal } from './run-status';

type RunLike = { status: RunStatus; steps: readonly Pick<StepView, 'index' | 'status'>[] };

const finished = (s: Pick<StepView, 'status'>) => s.status === 'done' || s.status === 'skipped';

function startable(run: RunLike, index: number): boolean {
  return run.steps.every((s) => s.index >= index || finished(s));
}

/** Run again: any run that has ended. */
export function canRerun(run: { status: RunStatus }): boolean {
  return isTerminal(run.status);
}

/** Retry from a step: a failed or cancelled run, at a step the run could start at. */
export function canRetryFrom(run: RunLike, index: number): boolean {
  return (run.status === 'failed' || run.status === 'cancelled') && startable(run, index);
}

/** Fork at a step: a step that has ended (or any step of an ended run), the run could start at. */
export function canForkAt(run: RunLike, index: number): boolean {
  const step = run.steps.find((s) => s.index === index);
  return !!step && (isTerminal(run.status) || (step.status !== 'pending' && step.status !== 'running')) && startable(run, index);
}
