import type { z } from '@hono/zod-openapi';
import canonicalize from 'canonicalize';
import type { Env } from '../env';
import type { InputSpec } from '../domain/playbook';
import { AppError, ValidationError } from '../errors';
import { checkInputsExist, type InputIssue } from './input-existence';
import { valueProblem } from './input-values';

type Input = z.infer<typeof InputSpec>;

/** A run asked for a different value of an input the Playbook's author locked (403, nothing created). */
export class InputLockedError extends AppError {
  override name = 'InputLockedError';
  constructor(names: string[]) {
    const quoted = names.map((n) => `"${n}"`).join(', ');
    const message = names.length === 1
      ? `Input ${quoted} is fixed by the Playbook's author; run without it to use the author's value`
      : `Inputs ${quoted} are fixed by the Playbook's author; run without them to use the author's values`;
    super(403, 'input_locked', message, { inputs: names });
  }
}

/**
 * For someone other than the owner or an admin: every locked input must run with the author's
 * value. Leaving it out, or sending it unchanged, is fine; `null` means "the default", as in
 * validateRunInputs. Canonical JSON makes the comparison deep and strings exact (one changed
 * character of SQL is a different query).
 */
export function assertLockedInputsKept(specs: Input[], given: Record<string, unknown>): void {
  const changed = specs
    .filter((spec) => spec.locked && canonicalize(given[spec.name] ?? spec.default) !== canonicalize(spec.default))
    .map((spec) => spec.name);
  if (changed.length > 0) throw new InputLockedError(changed);
}

/**
 * Run inputs against the Playbook's declared inputs, by their declarations alone: required ones
 * present, every value of the right type and within its constraints, nothing unknown; defaults
 * filled. Every failing field is named (one issue each), in words. Throws one 422.
 */
export function validateRunInputs(specs: Input[], given: Record<string, unknown>): Record<string, unknown> {
  const { values, issues } = judgeRunInputs(specs, given);
  if (issues.length > 0) throw invalidInputs(issues);
  return values;
}

/**
 * Everything validateRunInputs checks, plus what needs the connected project (tables, columns,
 * periods present: checkInputsExist), as one 422 naming every field — before a run exists.
 */
export async function validateInputsForRun(env: Env, specs: Input[], given: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { values, issues } = judgeRunInputs(specs, given);
  // `values` holds only values that passed their own checks; a failed one already has its issue.
  const all = [...issues, ...(await checkInputsExist(env, specs, values))];
  if (all.length > 0) throw invalidInputs(sortedLike(specs, all));
  return values;
}

export { checkInputsExist } from './input-existence';

function judgeRunInputs(specs: Input[], given: Record<string, unknown>): { values: Record<string, unknown>; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const values: Record<string, unknown> = {};
  const declared = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(given)) if (!declared.has(key)) issues.push({ path: `inputs.${key}`, message: 'is not an input of this Playbook' });
  for (const spec of specs) {
    const value = given[spec.name] ?? spec.default;
    if (value === undefined || value === '' || (spec.required && Array.isArray(value) && value.length === 0)) {
      if (spec.required) issues.push({ path: `inputs.${spec.name}`, message: 'is required' });
      continue;
    }
    const problem = valueProblem(spec, value);
    if (problem) issues.push({ path: `inputs.${spec.name}`, message: problem });
    else values[spec.name] = value;
  }
  return { values, issues };
}

/** In the order the Playbook declares its inputs, as the run form shows them. */
function sortedLike(specs: Input[], issues: InputIssue[]): InputIssue[] {
  const order = new Map(specs.map((spec, i) => [`inputs.${spec.name}`, i]));
  return [...issues].sort((a, b) => (order.get(a.path) ?? -1) - (order.get(b.path) ?? -1));
}

function invalidInputs(issues: InputIssue[]): ValidationError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ValidationError(`Run inputs are invalid at ${first!.path}: ${first!.message}${more}`, issues);
}
