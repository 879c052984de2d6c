import { describe, expect, it } from 'vitest';
import type { Approval, RunOrigin } from '../api/types';
import { fromParentRecord, heldWrites, originTitle } from './run-origin';

const fork: RunOrigin = { mode: 'fork', run_id: 'run_a', from_step: 1, step_id: 'ask' };
const retry: RunOrigin = { mode: 'retry', run_id: 'run_a', from_step: 2, step_id: 'compute' };
const approval = (id: string, status: Approval['status'], kind: Approval['kind'] = 'tool') => ({ id, status, kind, title: `Write ${id}` }) as Approval;

describe('a run that came from another', () => {
  it('names its parent and the step, counted from 1 as the step list shows it', () => {
    expect(originTitle(retry)).toEqual({ lead: 'Retry of', step: 'from step 3' });
    expect(originTitle(fork)).toEqual({ lead: 'Fork of', step: 'at step 2' });
  });
  it('takes the steps before its start from the parent, and no others', () => {
    expect([0, 1, 2, 3].map((i) => fromParentRecord(retry, i))).toEqual([true, true, false, false]);
    expect(fromParentRecord(undefined, 0)).toBe(false);
  });
  it("shows a fork's tool approvals as held writes, each with what became of it", () => {
    const approvals = [approval('a', 'pending'), approval('b', 'committed'), approval('c', 'rejected'), approval('d', 'pending', 'budget')];
    expect(heldWrites({ origin: fork, approvals })).toEqual([
      { id: 'a', title: 'Write a', state: 'held' },
      { id: 'b', title: 'Write b', state: 'approved as new' },
      { id: 'c', title: 'Write c', state: 'not written' },
    ]);
  });
  it('holds nothing in a retry or an ordinary run: their writes go out as policy says', () => {
    expect(heldWrites({ origin: retry, approvals: [approval('a', 'pending')] })).toEqual([]);
    expect(heldWrites({ origin: undefined, approvals: [approval('a', 'pending')] })).toEqual([]);
  });
});
