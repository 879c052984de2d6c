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

/** What the check reads of a step: structural, so the UI's step editor runs the same check as the API. */
export type ReferencingStep = { id: string; actions?: readonly { id?: string | undefined; tool: string; args?: unknown; for_each?: string | undefined }[] | undefined };

const HITL_TOOL = 'kbagent.human_in_loop';

/**
 * References in actions must point backwards: to declared inputs, to earlier steps' outputs,
 * and to answers of earlier human_in_loop actions. Checked when the Playbook is saved.
 */
export function referenceIssues(steps: readonly ReferencingStep[], inputs: ReadonlySet<string>): { path: PropertyKey[]; message: string }[] {
  const issues: { path: PropertyKey[]; message: string }[] = [];
  const earlierSteps = new Set<string>();
  const answers = new Set<string>();
  steps.forEach((step, s) => {
    // Earlier actions of the same step are readable too (their outputs land as the step runs).
    const earlierActions = new Set<string>();
    (step.actions ?? []).forEach((action, a) => {
      const scope: ReferenceContext = { inputs, steps: earlierSteps, answers, step: step.id, actions: earlierActions, item: false };
      if (action.for_each !== undefined) {
        const list = referencesIn(action.for_each);
        if (list.length !== 1 || !/^\$\{\{[^}]*\}\}$/.test(action.for_each.trim())) {
          issues.push({ path: ['sop', 'steps', s, 'actions', a, 'for_each'], message: 'for_each must be exactly one reference, e.g. "${{ inputs.source_tables }}"' });
        }
        for (const expression of list) {
          const problem = referenceProblem(expression, scope);
          if (problem) issues.push({ path: ['sop', 'steps', s, 'actions', a, 'for_each'], message: problem });
        }
      }
      for (const expression of referencesIn(action.args)) {
        const problem = referenceProblem(expression, { ...scope, item: action.for_each !== undefined });
        if (problem) issues.push({ path: ['sop', 'steps', s, 'actions', a, 'args'], message: problem });
      }
      if (action.tool === HITL_TOOL && action.id) answers.add(action.id);
      if (action.id) earlierActions.add(action.id);
    });
    earlierSteps.add(step.id);
  });
  return issues;
}

type ReferenceContext = { inputs: ReadonlySet<string>; steps: Set<string>; answers: Set<string>; step: string; actions: Set<string>; item: boolean };

export function referenceProblem(expression: string, { inputs, steps, answers, step, actions, item }: ReferenceContext): string | undefined {
  let path: ReturnType<typeof pathOf>;
  try {
    path = pathOf(expression);
  } catch (error) {
    return error instanceof ReferenceError ? error.message : String(error);
  }
  const [root, name, third] = path;
  const ref = `"\${{ ${expression} }}"`;
  switch (root) {
    case 'inputs':
      return typeof name === 'string' && inputs.has(name) ? undefined : `${ref} names no declared input`;
    case 'steps':
      if (typeof name !== 'string' || (!steps.has(name) && name !== step)) return `${ref} must name an earlier step`;
      if (third !== 'outputs') return `${ref} must read steps.<id>.outputs`;
      if (name === step && !(typeof path[3] === 'string' && actions.has(path[3]))) return `${ref} must name an earlier action id of this step`;
      return undefined;
    case 'item':
      return item ? undefined : `${ref}: "item" exists only in actions with for_each`;
    case 'answers':
    case 'questions':
      return typeof name === 'string' && answers.has(name) ? undefined : `${ref} must name an earlier kbagent.human_in_loop action id`;
    case 'run':
      return (RUN_FIELDS as readonly unknown[]).includes(name) ? undefined : `${ref}: run has ${RUN_FIELDS.join(', ')}`;
    default:
      return `${ref} must start with inputs, steps, answers, questions, run or (in for_each actions) item`;
  }
}
