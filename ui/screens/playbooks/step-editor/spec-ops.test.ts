import { describe, expect, test } from 'vitest';
import { addAction, addStep, allowedBy, moveStep, removeAction, removeStep, setAt, shrank, type EditableSpec } from './spec-ops';

const SPEC: EditableSpec = {
  name: 'p',
  sop: {
    goal: 'g',
    steps: [
      { id: 'a', title: 'A', instruction: 'i', completion_criteria: 'c', skills: ['kept'] },
      { id: 'b', title: 'B', instruction: 'i', completion_criteria: 'c', actions: [{ id: 'x', tool: 't', args: { n: 1 } }] },
    ],
    artifact_specs: [{ path: 'kept.json' }],
  },
  budget: { max_usd_per_run: 1 },
  tool_policies: { t: 'allow' },
};

describe('draft edits keep everything they do not touch', () => {
  test('setAt changes one place, removes a key on undefined, and leaves the original alone', () => {
    const next = setAt(SPEC, ['sop', 'steps', 1, 'title'], 'B2');
    expect(next.sop.steps[1]!.title).toBe('B2');
    expect(SPEC.sop.steps[1]!.title).toBe('B');
    expect(next.tool_policies).toBe(SPEC.tool_policies);
    expect(next.sop.artifact_specs).toBe(SPEC.sop.artifact_specs);
    expect(setAt(SPEC, ['budget', 'max_usd_per_run'], undefined).budget).toEqual({});
  });

  test('steps: add with a fresh id, move, remove; actions: add allows their tool, remove drops an empty list', () => {
    expect(addStep(SPEC).sop.steps.map((s) => s.id)).toEqual(['a', 'b', 'step-3']);
    expect(moveStep(SPEC, 1, 0).sop.steps.map((s) => s.id)).toEqual(['b', 'a']);
    expect(moveStep(SPEC, 0, 9).sop.steps.map((s) => s.id)).toEqual(['b', 'a']);
    expect(removeStep(SPEC, 0).sop.steps.map((s) => s.id)).toEqual(['b']);
    const added = addAction(SPEC, 0, 'sql.local').sop.steps[0]!;
    expect(added).toEqual({ ...SPEC.sop.steps[0], allowed_tools: ['sql.local'], actions: [{ id: 'action-1', tool: 'sql.local', args: {} }] });
    expect('actions' in removeAction(SPEC, 1, 0).sop.steps[1]!).toBe(false);
    // A tool a pattern already allows is not listed again.
    const patterned = setAt(SPEC, ['sop', 'steps', 0, 'allowed_tools'], ['skill.x.*']);
    expect(addAction(patterned, 0, 'skill.x.run').sop.steps[0]!.allowed_tools).toEqual(['skill.x.*']);
  });

  test('shrank: a removed step or action, not an added one', () => {
    expect(shrank(SPEC, removeStep(SPEC, 0))).toBe(true);
    expect(shrank(SPEC, removeAction(SPEC, 1, 0))).toBe(true);
    expect(shrank(SPEC, addStep(SPEC))).toBe(false);
    expect(shrank(SPEC, addAction(SPEC, 0, 't'))).toBe(false);
  });

  test('allowedBy: exact ids and trailing-* patterns, as the Broker reads them', () => {
    expect(allowedBy(['sql.local'], 'sql.local')).toBe(true);
    expect(allowedBy(['skill.cost-allocation-runner.*'], 'skill.cost-allocation-runner.check_allocation')).toBe(true);
    expect(allowedBy(['skill.cost-allocation-runner.*'], 'skill.variance-detector.detect')).toBe(false);
    expect(allowedBy(['sql.local'], 'sql.local.extra')).toBe(false);
  });
});
