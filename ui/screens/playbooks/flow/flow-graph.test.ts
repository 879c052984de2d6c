import { describe, expect, test } from 'vitest';
import { branches, edgeText, failureTarget, flowEdges, type FlowStep } from './flow-graph';

const STEPS: FlowStep[] = [
  { id: 'load', title: 'Load', on_failure: 'abort' },
  { id: 'check', title: 'Check', on_failure: 'call_subagent', subagent: 'fix-data' },
  { id: 'ask', title: 'Ask', on_failure: 'ask_user' },
  { id: 'extra', title: 'Extra', on_failure: 'skip' },
  { id: 'last', on_failure: 'skip' },
];

describe('the step graph', () => {
  test('each step leads to the next, the last to the end of the run', () => {
    const next = flowEdges(STEPS).filter((e) => e.on === 'next');
    expect(next.map((e) => [e.from, e.to.kind === 'step' ? e.to.index : e.to.kind])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4], [4, 'end']]);
  });

  test('branches: a called Playbook, the person running it, the following step or the end on skip; none on abort', () => {
    const failures = flowEdges(STEPS).filter((e) => e.on === 'failure');
    expect(failures.map((e) => [e.from, e.to])).toEqual([
      [1, { kind: 'playbook', id: 'fix-data' }],
      [2, { kind: 'person' }],
      [3, { kind: 'step', index: 4, id: 'last', title: 'last' }],
      [4, { kind: 'end' }],
    ]);
    expect(failureTarget(STEPS, 0)).toBeUndefined();
    // call_subagent without a subagent (the API refuses it) draws no edge to nowhere.
    expect(failureTarget([{ id: 'a', on_failure: 'call_subagent' }], 0)).toBeUndefined();
  });

  test('a sequence is not a graph until a step branches', () => {
    expect(branches([{ id: 'a' }, { id: 'b', on_failure: 'abort' }])).toBe(false);
    expect(branches(STEPS)).toBe(true);
  });

  test('every edge has its words', () => {
    expect(flowEdges(STEPS).filter((e) => e.from >= 1 && e.from <= 3).map(edgeText)).toEqual([
      'then → step 3 (Ask)',
      'on failure → calls Playbook fix-data',
      'then → step 4 (Extra)',
      'on failure → asks the person running it: retry, skip or abort',
      'then → step 5 (last)',
      'on failure → step 5 (last)',
    ]);
  });
});
