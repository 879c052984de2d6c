import type { z } from '@hono/zod-openapi';
import { ValidationError } from '../errors';

/** `["sop", "steps", 2, "on_failure"]` → `sop.steps[2].on_failure`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

export function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return { path: formatPath(path), message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    // zod says "expected object, received undefined" for a missing field; a person reads "required".
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      return { path: formatPath(path), message: `is required (${issue.expected})` };
    }
    return { path: formatPath(path), message: issue.message };
  });
}

export function validationErrorOf(what: string, error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationError {
  const issues = issuesOf(error, prefix);
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ValidationError(`${what} is invalid at ${summary}${more}`, issues);
}

/** Parse with a schema, throwing a 422 that names every failing path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationErrorOf(what, result.error);
  return result.data;
}
