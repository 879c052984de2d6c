import { ALL, pathOf, referencesIn } from '../domain/references';

/**
 * Information-flow taint (spec §6 "Untrusted content", security.md): every value a run holds
 * knows which untrusted sources it derives from. A taint is the set of those sources, as labels
 * a person can read on an approval ("tool:sql.local:call_…", "input:payload (http_webhook)").
 * Empty means the value derives only from what the Playbook's author or a person wrote.
 */
export type Taint = readonly string[];

export const CLEAN: Taint = [];

/** Enough labels to say where data came from; beyond that only the count matters to a person. */
const MAX_LABELS = 12;

export function isTainted(taint: Taint | null | undefined): boolean {
  return !!taint && taint.length > 0;
}

/** The sources of a value derived from all of these. */
export function union(...taints: (Taint | null | undefined)[]): Taint {
  const labels = new Set<string>();
  for (const taint of taints) for (const label of taint ?? []) labels.add(label);
  if (labels.size === 0) return CLEAN;
  const sorted = [...labels].filter((l) => !l.startsWith('+')).sort();
  if (sorted.length <= MAX_LABELS) return sorted;
  const more = sorted.length - (MAX_LABELS - 1);
  return [...sorted.slice(0, MAX_LABELS - 1), `+${more} more sources`];
}

export function parseTaint(json: string | null | undefined): Taint {
  if (!json) return CLEAN;
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : CLEAN;
}

export function taintJson(taint: Taint): string | null {
  return taint.length > 0 ? JSON.stringify(taint) : null;
}

export const toolLabel = (toolId: string, callId: string) => `tool:${toolId}:${callId}`;
export const inputLabel = (name: string, via: string) => `input:${name} (${via})`;
export const childLabel = (runId: string) => `child:${runId}`;
export const fileLabel = (path: string) => `file:${path}`;

/**
 * Where `${{ }}` references can lead, by what they read: run inputs by name, step outputs by step
 * and output key (`*` for a model step, whose whole output is the model's), answers by action id.
 */
export type TaintScope = {
  inputs: Readonly<Record<string, Taint>>;
  steps: Readonly<Record<string, Readonly<Record<string, Taint>>>>;
  answers: Readonly<Record<string, Taint>>;
  item?: Taint;
};

/** The taint of a value after its references are resolved: the union over what they read. */
export function taintOfReferences(value: unknown, scope: TaintScope): Taint {
  return union(...referencesIn(value).map((expression) => taintOfExpression(expression, scope)));
}

function taintOfExpression(expression: string, scope: TaintScope): Taint {
  const [root, name, , key] = pathOf(expression);
  switch (root) {
    case 'inputs':
      return scope.inputs[String(name)] ?? CLEAN;
    case 'steps': {
      const outputs = scope.steps[String(name)] ?? {};
      // `steps.s.outputs` (or `[*]` over it) reads every key; `steps.s.outputs.k` reads k.
      if (typeof key !== 'string' || key === (ALL as unknown)) return union(...Object.values(outputs));
      return union(outputs[key], outputs['*']);
    }
    case 'answers':
    case 'questions':
      return scope.answers[String(name)] ?? CLEAN;
    case 'item':
      return scope.item ?? CLEAN;
    default:
      return CLEAN;
  }
}

/** What one call has taken in so far: its arguments, its tool's own data, the files it read. */
export class TaintFlow {
  constructor(private current: Taint) {}

  get taint(): Taint {
    return this.current;
  }

  add(taint: Taint | null | undefined): void {
    if (isTainted(taint)) this.current = union(this.current, taint);
  }
}
