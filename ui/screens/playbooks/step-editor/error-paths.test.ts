import { describe, expect, test } from 'vitest';
import type { ToolEntry } from '../../../api/types';
import { enclosingPaths, fieldId, formFieldKeys, placeIssues, stepOfPath } from './error-paths';
import type { EditableSpec } from './spec-ops';

const TOOLS = [{ id: 'keboola.storage.tables', input_schema: { type: 'object', properties: { action: { type: 'string' }, limit: { type: 'integer' } } } }] as unknown as ToolEntry[];

const SPEC: EditableSpec = {
  name: 'p',
  inputs: [{ name: 'period' }],
  sop: {
    goal: 'g',
    steps: [
      { id: 'a', title: 'A', instruction: 'i', completion_criteria: 'c' },
      { id: 'b', title: 'B', instruction: 'i', completion_criteria: 'c', allowed_tools: ['x'], actions: [{ id: 'read', tool: 'keboola.storage.tables', args: {} }] },
    ],
  },
  budget: { max_usd_per_run: 1 },
};

describe('API error paths → form fields', () => {
  const keys = formFieldKeys(SPEC, TOOLS);

  test('an exact field, an entry of a list field, a generated argument field and an input field', () => {
    const placed = placeIssues(
      [
        { path: 'sop.steps[1].title', message: 'too long' },
        { path: 'sop.steps[1].allowed_tools[0]', message: 'bad tool id' },
        { path: 'sop.steps[1].actions[0].args.limit', message: 'must be a number' },
        { path: 'sop.steps[1].actions[0].args', message: 'names no declared input' },
        { path: 'inputs[0].name', message: 'bad name' },
        { path: 'budget.max_usd_per_run', message: 'must be positive' },
      ],
      keys,
    );
    expect(placed.fields).toEqual({
      'sop.steps[1].title': ['too long'],
      'sop.steps[1].allowed_tools': ['bad tool id'],
      'sop.steps[1].actions[0].args.limit': ['must be a number'],
      'sop.steps[1].actions[0].args': ['names no declared input'],
      'inputs[0].name': ['bad name'],
      'budget.max_usd_per_run': ['must be positive'],
    });
    expect(placed.other).toEqual([]);
  });

  test('a part no field edits goes to its step; outside any field it is listed on its own', () => {
    const placed = placeIssues([{ path: 'sop.steps[0].skills[0]', message: 'bad skill' }, { path: 'sop.steps[0].retries', message: 'unknown key' }, { path: 'risk_policy.destructive', message: 'looser than floor' }, { path: 'logins', message: 'not a list' }, { path: 'sop.steps[0].title', message: 'a' }, { path: 'sop.steps[0].title', message: 'b' }], keys);
    expect(placed.fields['sop.steps[0].skills']).toEqual(['bad skill']);
    expect(placed.fields['sop.steps[0]']).toEqual(['unknown key']);
    expect(placed.fields['sop.steps[0].title']).toEqual(['a', 'b']);
    expect(placed.fields['risk_policy.destructive']).toEqual(['looser than floor']);
    expect(placed.other).toEqual([{ path: 'logins', message: 'not a list' }]);
  });

  test("a constraint the input's type does not take lands on the input as a whole, one it takes on its field", () => {
    const typed = formFieldKeys({ ...SPEC, inputs: [{ name: 'q', type: 'string' }, { name: 's', type: 'sql' }] }, TOOLS);
    const placed = placeIssues([{ path: 'inputs[0].read_only', message: 'applies to sql inputs, not string' }, { path: 'inputs[1].read_only', message: 'x' }], typed);
    expect(placed.fields).toEqual({ 'inputs[0]': ['applies to sql inputs, not string'], 'inputs[1].read_only': ['x'] });
  });

  test('helpers: enclosing paths, the step of a path, DOM ids', () => {
    expect(enclosingPaths('sop.steps[1].allowed_tools[0]')).toEqual(['sop.steps[1].allowed_tools[0]', 'sop.steps[1].allowed_tools', 'sop.steps[1]', 'sop.steps', 'sop']);
    expect(stepOfPath('sop.steps[12].actions[0].args')).toBe(12);
    expect(stepOfPath('budget.max_usd_per_run')).toBeUndefined();
    expect(fieldId('sop.steps[1].allowed_tools')).toBe('se-sop-steps-1-allowed_tools');
  });
});
