import { describe, expect, test } from 'vitest';
import { referenceChoices, referenceProblems } from './references';
import type { EditableSpec } from './spec-ops';

const step = (id: string, actions: { id?: string; tool: string; args?: Record<string, unknown>; for_each?: string }[] = []) => ({
  id, title: id.toUpperCase(), instruction: 'do', completion_criteria: 'done', allowed_tools: [], actions,
});

const SPEC: EditableSpec = {
  name: 'p',
  inputs: [{ name: 'period', type: 'period' }, { name: 'tables', type: 'tables', label: 'Source tables' }],
  sop: {
    goal: 'g',
    steps: [
      step('load', [{ id: 'rows', tool: 'sql.local' }, { id: 'ok', tool: 'kbagent.human_in_loop' }]),
      step('shape', [{ id: 'first', tool: 'sql.local' }, { id: 'second', tool: 'sql.local', for_each: '${{ inputs.tables }}' }]),
      step('send', [{ id: 'post', tool: 'slack.send_message' }]),
    ],
  },
};

const expressions = (s: number, a: number) => referenceChoices(SPEC, s, a).map((c) => c.expression).filter((e) => !e.startsWith('run.'));

describe('the reference picker', () => {
  test('step 1 sees only the inputs (and the run)', () => {
    expect(expressions(0, 0)).toEqual(['inputs.period', 'inputs.tables']);
    expect(referenceChoices(SPEC, 0, 0).some((c) => c.expression === 'run.id')).toBe(true);
  });

  test('the first action of step 2 sees step 1 whole, by action, and its answers (alone and with their questions); never step 2 or 3', () => {
    expect(expressions(1, 0)).toEqual(['inputs.period', 'inputs.tables', 'steps.load.outputs', 'steps.load.outputs.rows', 'steps.load.outputs.ok', 'answers.ok', 'questions.ok']);
  });

  test('a later action of the same step sees the earlier ones, and item in a for_each', () => {
    const seen = expressions(1, 1);
    expect(seen).toContain('steps.shape.outputs.first');
    expect(seen).not.toContain('steps.shape.outputs.second');
    expect(seen).toContain('item');
    expect(seen.some((e) => e.startsWith('steps.send'))).toBe(false);
  });
});

describe('reference checks in the form (the API’s own rules)', () => {
  test('a reference to a later step or an unknown input is flagged at its action, a backward one is not', () => {
    const spec: EditableSpec = {
      ...SPEC,
      sop: {
        goal: 'g',
        steps: [
          step('load', [{ id: 'rows', tool: 'sql.local', args: { statements: 'select ${{ inputs.period }}', save_as: '${{ steps.send.outputs }}' } }]),
          step('send', [{ id: 'post', tool: 'slack.send_message', args: { text: '${{ steps.load.outputs.rows }} ${{ inputs.nope }}' } }]),
        ],
      },
    };
    const problems = referenceProblems(spec);
    expect(problems.map((p) => p.path)).toEqual(['sop.steps[0].actions[0].args', 'sop.steps[1].actions[0].args']);
    expect(problems[0]!.message).toMatch(/steps\.send\.outputs.*must name an earlier step/);
    expect(problems[1]!.message).toMatch(/inputs\.nope.*names no declared input/);
  });

  test('a document with every reference pointing backwards has no problems', () => {
    expect(referenceProblems(SPEC)).toEqual([]);
  });
});
