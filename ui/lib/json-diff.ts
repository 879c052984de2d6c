// The diff is the API's own (src/broker/diff.ts), so what the approver sees is what gets recorded.
export { jsonDiff, type DiffEntry } from '../../src/broker/diff';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
