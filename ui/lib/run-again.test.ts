import { describe, expect, it } from 'vitest';
import type { RunStatus, StepView } from '../api/types';
import { canForkAt, canRerun, canRetryFrom } from './run-again';

const run = (status: RunStatus, ...steps: StepView['status'][]) => ({ status, steps: steps.map((s, index) => ({ index, status: s })) });

describe('run again, retry, fork', () => {
  it('runs again only a run that has ended', () => {
    expect(['done', 'failed', 'cancelled'].map((s) => canRerun({ status: s as RunStatus }))).toEqual([true, true, true]);
    expect(canRerun({ status: 'waiting_for_input' })).toBe(false);
  });
  it('retries a failed or cancelled run up to the first step that did not finish, never past it', () => {
    const failed = run('failed', 'done', 'skipped', 'failed', 'pending');
    expect([0, 1, 2, 3].map((i) => canRetryFrom(failed, i))).toEqual([true, true, true, false]);
    expect(canRetryFrom(run('cancelled', 'done', 'cancelled'), 1)).toBe(true);
    expect(canRetryFrom(run('done', 'done', 'done'), 1)).toBe(false);
  });
  it('forks any step of an ended run it could start at; in a live run only a step that has ended', () => {
    expect([0, 1, 2].map((i) => canForkAt(run('done', 'done', 'done', 'done'), i))).toEqual([true, true, true]);
    expect([0, 1, 2].map((i) => canForkAt(run('failed', 'done', 'failed', 'pending'), i))).toEqual([true, true, false]);
    expect([0, 1, 2].map((i) => canForkAt(run('waiting_for_input', 'done', 'running', 'pending'), i))).toEqual([true, false, false]);
    expect(canForkAt(run('done', 'done'), 5)).toBe(false);
  });
});
