/** One changed value between two JSON documents, by path (`text`, `rows[2].name`). */
export type DiffEntry = { path: string; before: unknown; after: unknown };

/**
 * Paths whose values differ between two JSON values, for "edit then approve" (spec §6): objects
 * by key (sorted), equal-length arrays by index, anything else compared whole. The UI shows the
 * same diff before the approver confirms, so it imports this function rather than a copy.
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
