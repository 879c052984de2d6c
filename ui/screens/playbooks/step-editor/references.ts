// `${{ }}` references in the step editor: what a field of action N of step S may point at (the
// picker's choices), and which references written so far point nowhere. The check is the API's
// own (src/domain/references.ts), so the form flags exactly what a save would refuse.
import { RUN_FIELDS, referenceIssues } from '../../../../src/domain/references';
import type { EditableSpec } from './spec-ops';

export type ReferenceChoice = { expression: string; label: string };

const HITL_TOOL = 'kbagent.human_in_loop';

/**
 * Everything visible from action `actionIndex` of step `stepIndex`: the declared inputs, earlier
 * steps' outputs (whole, and by action id), earlier actions of the same step, earlier
 * human_in_loop answers, the run's fields, and `item` inside a for_each action. Later steps are never offered.
 */
export function referenceChoices(spec: EditableSpec, stepIndex: number, actionIndex: number): ReferenceChoice[] {
  const choices: ReferenceChoice[] = [];
  for (const input of spec.inputs ?? []) {
    if (input?.name) choices.push({ expression: `inputs.${input.name}`, label: `input · ${input.label ?? input.name}` });
  }
  const steps = spec.sop?.steps ?? [];
  steps.slice(0, stepIndex + 1).forEach((step, s) => {
    const current = s === stepIndex;
    const actions = (step.actions ?? []).slice(0, current ? actionIndex : undefined);
    if (!current) choices.push({ expression: `steps.${step.id}.outputs`, label: `step ${s + 1} (${step.title || step.id}) · all outputs` });
    for (const action of actions) {
      if (!action.id) continue;
      choices.push({ expression: `steps.${step.id}.outputs.${action.id}`, label: `step ${s + 1} · ${action.id} (${action.tool})` });
      if (action.tool === HITL_TOOL) {
        choices.push({ expression: `answers.${action.id}`, label: `answer · ${action.id}` });
        choices.push({ expression: `questions.${action.id}`, label: `question and answer · ${action.id}` });
      }
    }
  });
  if (steps[stepIndex]?.actions?.[actionIndex]?.for_each !== undefined) choices.push({ expression: 'item', label: 'item · the current element of for_each' });
  for (const field of RUN_FIELDS) choices.push({ expression: `run.${field}`, label: `run · ${field}` });
  return choices;
}

/** The API's reference issues for the draft, paths as the API writes them (`sop.steps[1].actions[0].args`). */
export function referenceProblems(spec: EditableSpec): { path: string; message: string }[] {
  const names = new Set((spec.inputs ?? []).map((i) => i?.name).filter((n): n is string => typeof n === 'string'));
  const steps = (spec.sop?.steps ?? []).map((step) => ({ ...step, id: String(step.id ?? '') }));
  return referenceIssues(steps, names).map((issue) => ({ path: pathText(issue.path), message: issue.message }));
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/** `${{ expression }}`: how a picked reference is written into a field. */
export const referenceText = (expression: string) => `\${{ ${expression} }}`;
