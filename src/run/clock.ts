import type { RunStatus } from '../domain/run';
import type { RunRow, StepRow } from './store';

/**
 * Truthful time (issue 13): three numbers, the same everywhere they are shown. `wall` is time the
 * run spent running (it excludes every wait for a person); `waiting` is time it spent waiting for
 * one — an answer, an approval, a resume, a setting; `compute` is time spent inside units (tool
 * calls, model turns), which is what the runtime itself used.
 */
export type RunTimes = { wall_clock_seconds: number; waiting_seconds: number; compute_seconds: number };

/** Where the time of a status goes. Queued and ended runs count in neither. */
export function bucketOf(status: RunStatus): 'wall' | 'wait' | null {
  if (status === 'running') return 'wall';
  if (status === 'waiting_for_input' || status === 'waiting_for_approval' || status === 'blocked' || status === 'reviewing') return 'wait';
  return null;
}

/** The run's (or a step's) stored time plus the part of the current status not yet booked. */
export function timesOf(stored: Pick<StepRow, 'wall_ms' | 'wait_ms' | 'compute_ms'>, run: Pick<RunRow, 'status' | 'status_since'>, now = Date.now(), open = true): RunTimes {
  const bucket = open && run.status_since ? bucketOf(run.status) : null;
  const current = bucket && run.status_since ? now - run.status_since : 0;
  return {
    wall_clock_seconds: seconds(stored.wall_ms + (bucket === 'wall' ? current : 0)),
    waiting_seconds: seconds(stored.wait_ms + (bucket === 'wait' ? current : 0)),
    compute_seconds: seconds(stored.compute_ms),
  };
}

/** What a status change books: the time since the last change, to the old status's bucket. */
export function bookedOnChange(run: Pick<RunRow, 'status' | 'status_since'>, now: number): { wall_ms: number; wait_ms: number } {
  const elapsed = run.status_since ? now - run.status_since : 0;
  const bucket = bucketOf(run.status);
  return { wall_ms: bucket === 'wall' ? elapsed : 0, wait_ms: bucket === 'wait' ? elapsed : 0 };
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
