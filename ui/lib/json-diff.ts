/** One changed value between two JSON documents, by path (`text`, `rows[2].name`). */
export type DiffEntry = { path: string; before: unknown; after: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The paths whose values differ, the way the API records an edit-then-approve diff: objects by
 * key (sorted), equal-length arrays by index, anything else compared whole.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): DiffEntry[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => jsonDiff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => jsonDiff(v, after[i], `${path}[${i}]`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '(root)', before, after }];
}

/** Text typed as edited arguments: a JSON object, or the reason it is not one. */
export function parseArgs(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isObject(value)) return { ok: false, error: 'the arguments must be a JSON object ({ … })' };
  return { ok: true, value };
}
