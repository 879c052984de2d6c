import type { StoredConfiguration } from '../../../connections/keboola/backend';

/**
 * The `configData` a per-system tool sends to the Queue. `configData` replaces the stored body
 * whole and the Queue then reads no rows (developers.keboola.com/integrate/jobs, "Job
 * Configuration"), so for a row it is the configuration's body with the row's merged over it —
 * as Keboola's runner merges a row onto its configuration (PHP array_replace_recursive) — and
 * the override is laid over `parameters` last. Everything else stored (mappings, processors,
 * runtime, encrypted `#` values, which Keboola decrypts itself) goes as stored.
 */
export function jobBody(stored: StoredConfiguration, row: string | undefined, override: Record<string, unknown>): Record<string, unknown> {
  const rowBody = row === undefined ? {} : stored.rows.find((r) => r.id === row)?.configuration;
  if (rowBody === undefined) throw new MissingRowError(row!, stored.rows.map((r) => r.id));
  const merged = replaceRecursive(stored.configuration, rowBody) as Record<string, unknown>;
  const parameters = isObject(merged.parameters) ? merged.parameters : {};
  return { ...merged, parameters: { ...parameters, ...override } };
}

/** What the override changes in `parameters`, for the person approving the run: each key, stored value and new one. */
export function overrideChanges(stored: StoredConfiguration, row: string | undefined, override: Record<string, unknown>) {
  const before = jobBody(stored, row, {}).parameters as Record<string, unknown>;
  return Object.entries(override).map(([parameter, to]) => ({ parameter, from: before[parameter] ?? null, to }));
}

export class MissingRowError extends Error {
  override name = 'MissingRowError';
  constructor(readonly row: string, readonly rows: string[]) {
    super(`The configuration has no row "${row}" any more; it has ${rows.join(', ') || 'none'}. Discover tools again (POST /tools/discover).`);
  }
}

/** PHP's array_replace_recursive: objects and lists merged key by key (index by index), anything else replaced. */
function replaceRecursive(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over)) {
    const out = [...base];
    over.forEach((value, i) => (out[i] = replaceRecursive(base[i], value)));
    return out;
  }
  if (isObject(base) && isObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = replaceRecursive(base[key], value);
    return out;
  }
  return over;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
