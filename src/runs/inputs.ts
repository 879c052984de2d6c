import type { z } from '@hono/zod-openapi';
import canonicalize from 'canonicalize';
import type { InputSpec } from '../domain/playbook';
import { AppError, ValidationError } from '../errors';

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

/** Run inputs against the Playbook's declared inputs: required present, types right, defaults filled, nothing unknown. */
export function validateRunInputs(specs: Input[], given: Record<string, unknown>): Record<string, unknown> {
  const issues: { path: string; message: string }[] = [];
  const out: Record<string, unknown> = {};
  const declared = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(given)) if (!declared.has(key)) issues.push({ path: `inputs.${key}`, message: 'is not an input of this Playbook' });
  for (const spec of specs) {
    const value = given[spec.name] ?? spec.default;
    if (value === undefined || value === '') {
      if (spec.required) issues.push({ path: `inputs.${spec.name}`, message: 'is required' });
      continue;
    }
    const problem = typeProblem(spec, value);
    if (problem) issues.push({ path: `inputs.${spec.name}`, message: problem });
    else out[spec.name] = value;
  }
  if (issues.length > 0) throw new ValidationError(`Run inputs are invalid at ${issues[0]!.path}: ${issues[0]!.message}`, issues);
  return out;
}

function typeProblem(spec: Input, value: unknown): string | undefined {
  switch (spec.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'tables':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0) ? undefined : 'must be a list of table ids';
    case 'choice':
      return typeof value === 'string' && (spec.options ?? []).includes(value) ? undefined : `must be one of ${(spec.options ?? []).join(', ')}`;
    default:
      return typeof value === 'string' ? undefined : 'must be text';
  }
}
