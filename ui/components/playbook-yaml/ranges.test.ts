import { describe, expect, test } from 'vitest';
import { issueRanges } from './ranges';

const YAML = `name: x
sop:
  goal: g
  steps:
    - id: a
      title: t
      allowed_tools: [sql.local]
    - id: b
      allowed_tools:
        - sql.local
        - Not A Tool
budget:
  max_usd_per_run: 5
`;

const textOf = (path: string) => {
  const [located] = issueRanges(YAML, [{ path }]);
  return located?.range && { text: YAML.slice(located.range.from, located.range.to), exact: located.range.exact };
};

describe('issue path → editor range', () => {
  test('a wrong tool id in a block list is the scalar itself', () => {
    expect(textOf('sop.steps[1].allowed_tools[1]')).toEqual({ text: 'Not A Tool', exact: true });
  });

  test('an item of a flow list and a scalar value are the values', () => {
    expect(textOf('sop.steps[0].allowed_tools[0]')).toEqual({ text: 'sql.local', exact: true });
    expect(textOf('sop.steps[0].title')).toEqual({ text: 't', exact: true });
    expect(textOf('budget.max_usd_per_run')).toEqual({ text: '5', exact: true });
  });

  test('a block (a whole step) is marked on its first line only', () => {
    expect(textOf('sop.steps[1]')).toEqual({ text: 'id: b', exact: true });
    expect(textOf('sop.steps')).toEqual({ text: 'steps', exact: true });
  });

  test('a missing field is marked at its nearest parent, not exact', () => {
    expect(textOf('sop.steps[1].completion_criteria')).toEqual({ text: 'id: b', exact: false });
    expect(textOf('budget.on_breach')).toEqual({ text: 'budget', exact: false });
    expect(textOf('(root)')).toEqual({ text: 'name: x', exact: true });
  });

  test('text that does not parse gets no ranges (its syntax errors are marked instead)', () => {
    expect(issueRanges('a: [b\n', [{ path: 'a' }])).toEqual([{ path: 'a' }]);
  });
});
