/**
 * `${{ ... }}` references in scripted action arguments (spec §5): `inputs.<name>`,
 * `steps.<step>.outputs[.<action>...]`, `answers.<action>`, `questions.<action>` (answer, comment,
 * answered_by, answered_at) and `run.<field>` (RUN_FIELDS). For an action with for_each both are lists.
 */
const REFERENCE = /\$\{\{\s*([^}]*?)\s*\}\}/g;
const EXPRESSION = /^[a-zA-Z_][\w-]*(?:\.[\w-]+|\[\d+\]|\[\*\])*$/;

/** What `${{ run.<field> }}` may read: identity, the run's page (url), and what the run has spent so far. */
export const RUN_FIELDS = ['id', 'number', 'playbook_id', 'url', 'cost_usd', 'tokens', 'wall_clock_seconds', 'waiting_seconds', 'compute_seconds', 'budget'] as const;

export type ReferenceScope = {
  inputs: Record<string, unknown>;
  steps: Record<string, { outputs: Record<string, unknown> }>;
  answers: Record<string, unknown>;
  questions: Record<string, unknown>;
  /** The current element inside an action with for_each. */
  item?: unknown;
  run: { id: string; number: number; playbook_id: string; url: string; cost_usd: number; tokens: number; wall_clock_seconds: number; waiting_seconds: number; compute_seconds: number; budget: unknown };
};

export class ReferenceError extends Error {
  override name = 'ReferenceError';
  constructor(readonly expression: string, message: string) {
    super(message);
  }
}

/** Every expression referenced anywhere inside a value. */
export function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE)].map((m) => m[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(referencesIn);
  return [];
}

/** Path parts; `[*]` (ALL) maps the rest of the path over a list: `steps.s.outputs.files[*].path`. */
export const ALL = Symbol('all');

export function pathOf(expression: string): (string | number | typeof ALL)[] {
  if (!EXPRESSION.test(expression)) throw new ReferenceError(expression, `"\${{ ${expression} }}" is not a reference (expected e.g. inputs.name or steps.profile.outputs.result)`);
  return [...expression.matchAll(/([\w-]+)|\[(\d+)\]|(\[\*\])/g)].map((m) => (m[3] !== undefined ? ALL : m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Replaces references: a string that is exactly one reference takes the value's type; embedded ones are interpolated. */
export function resolveReferences(value: unknown, scope: ReferenceScope): unknown {
  if (typeof value === 'string') {
    const whole = value.match(/^\$\{\{\s*([^}]*?)\s*\}\}$/);
    if (whole) return lookup(whole[1] ?? '', scope);
    return value.replace(REFERENCE, (_m, expr: string) => {
      const found = lookup(expr, scope);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, scope)]));
  return value;
}

function lookup(expression: string, scope: ReferenceScope): unknown {
  return walk(expression, scope, pathOf(expression));
}

function walk(expression: string, current: unknown, path: readonly (string | number | typeof ALL)[]): unknown {
  const [part, ...rest] = path;
  if (part === undefined) return current;
  if (part === ALL) {
    if (!Array.isArray(current)) throw new ReferenceError(expression, `"\${{ ${expression} }}": [*] needs a list`);
    return current.map((element) => walk(expression, element, rest));
  }
  if (current === null || typeof current !== 'object' || !(part in (current as object))) {
    throw new ReferenceError(expression, `"\${{ ${expression} }}" has no value (no "${String(part)}")`);
  }
  return walk(expression, (current as Record<string | number, unknown>)[part], rest);
}
