import { describe, expect, test } from 'vitest';
import { lineOfPath, pathSegments } from './yaml-lines';

const YAML = `name: x
sop:
  goal: g
  steps:
    - id: a
      title: t
      on_failure: explode
    - id: b
budget:
  max_usd_per_run: 5
`;

describe('lineOfPath', () => {
  test('splits API issue paths into keys and indexes', () => {
    expect(pathSegments('sop.steps[0].on_failure')).toEqual(['sop', 'steps', 0, 'on_failure']);
    expect(pathSegments('risk_policy.external_send')).toEqual(['risk_policy', 'external_send']);
    expect(pathSegments('(root)')).toEqual([]);
  });

  test('finds the line of a field inside a list item', () => {
    expect(lineOfPath(YAML, 'sop.steps[0].on_failure')).toEqual({ line: 7, exact: true });
    expect(lineOfPath(YAML, 'sop.steps[1]')).toEqual({ line: 8, exact: true });
    expect(lineOfPath(YAML, 'budget.max_usd_per_run')).toEqual({ line: 10, exact: true });
  });

  test('falls back to the nearest parent for a missing field', () => {
    expect(lineOfPath(YAML, 'sop.steps[1].instruction')).toEqual({ line: 8, exact: false });
    expect(lineOfPath(YAML, 'budget.on_breach')).toEqual({ line: 9, exact: false });
  });

  test('gives up on text that does not parse', () => {
    expect(lineOfPath('a: [', 'a')).toBeUndefined();
  });
});
