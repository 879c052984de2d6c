// The draft the form edits is the Playbook document itself (as parsed from its YAML), changed
// only where a field was edited: every other key, known to the form or not, passes through as is,
// so switching to the YAML view and back loses nothing.

export type EditableAction = { id?: string; tool: string; args?: Record<string, unknown>; for_each?: string; [key: string]: unknown };
export type EditableStep = {
  id: string;
  title: string;
  instruction: string;
  completion_criteria: string;
  allowed_tools?: string[];
  mode?: 'scripted' | 'agent' | 'auto';
  on_failure?: string;
  subagent?: string;
  actions?: EditableAction[];
  [key: string]: unknown;
};
export type EditableInput = { name: string; type?: string; label?: string; default?: unknown; required?: boolean; [key: string]: unknown };
export type EditableSpec = {
  name: string;
  sop: { goal: string; steps: EditableStep[]; [key: string]: unknown };
  inputs?: EditableInput[];
  budget?: Record<string, unknown>;
  approval_policy?: Record<string, unknown>;
  [key: string]: unknown;
};

export type Path = readonly (string | number)[];

/** A copy of `value` with `path` set; `undefined` removes the key (an emptied optional field). */
export function setAt<T>(value: T, path: Path, next: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return next as T;
  if (typeof head === 'number') {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    list[head] = setAt(list[head], rest, next);
    return list as T;
  }
  const object = { ...((value && typeof value === 'object' ? value : {}) as Record<string, unknown>) };
  const child = setAt(object[head], rest, next);
  if (child === undefined) delete object[head];
  else object[head] = child;
  return object as T;
}

export function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string | number, unknown>)[part] : undefined), value);
}

/** The steps with `steps` replaced. */
function withSteps(spec: EditableSpec, steps: EditableStep[]): EditableSpec {
  return { ...spec, sop: { ...spec.sop, steps } };
}

/** A new step at the end, with an id no other step has. */
export function addStep(spec: EditableSpec): EditableSpec {
  const taken = new Set(spec.sop.steps.map((s) => s.id));
  let n = spec.sop.steps.length + 1;
  while (taken.has(`step-${n}`)) n++;
  const step: EditableStep = { id: `step-${n}`, title: `Step ${n}`, instruction: '', completion_criteria: '', allowed_tools: [] };
  return withSteps(spec, [...spec.sop.steps, step]);
}

export function removeStep(spec: EditableSpec, index: number): EditableSpec {
  return withSteps(spec, spec.sop.steps.filter((_, i) => i !== index));
}

/** Moves step `from` to position `to` (clamped); the others keep their order. */
export function moveStep(spec: EditableSpec, from: number, to: number): EditableSpec {
  const steps = [...spec.sop.steps];
  const target = Math.max(0, Math.min(steps.length - 1, to));
  const [step] = steps.splice(from, 1);
  if (!step) return spec;
  steps.splice(target, 0, step);
  return withSteps(spec, steps);
}

/** A new action calling `tool`; the tool joins the step's allowed tools (unless one of them allows it already), which the Broker requires. */
export function addAction(spec: EditableSpec, stepIndex: number, tool: string): EditableSpec {
  const step = spec.sop.steps[stepIndex];
  if (!step) return spec;
  const taken = new Set((step.actions ?? []).map((a) => a.id));
  let n = (step.actions ?? []).length + 1;
  while (taken.has(`action-${n}`)) n++;
  const allowed = step.allowed_tools ?? [];
  const next: EditableStep = {
    ...step,
    allowed_tools: allowedBy(allowed, tool) ? allowed : [...allowed, tool],
    actions: [...(step.actions ?? []), { id: `action-${n}`, tool, args: {} }],
  };
  return withSteps(spec, spec.sop.steps.map((s, i) => (i === stepIndex ? next : s)));
}

export function removeAction(spec: EditableSpec, stepIndex: number, actionIndex: number): EditableSpec {
  const step = spec.sop.steps[stepIndex];
  if (!step?.actions) return spec;
  const actions = step.actions.filter((_, i) => i !== actionIndex);
  const next: EditableStep = { ...step };
  if (actions.length > 0) next.actions = actions;
  else delete next.actions;
  return withSteps(spec, spec.sop.steps.map((s, i) => (i === stepIndex ? next : s)));
}

/**
 * Did a step or an action disappear? Forms are keyed by position, so after a removal (or a move)
 * the half-typed text of one would show in the next: the editor remounts its forms instead.
 */
export function shrank(before: EditableSpec, after: EditableSpec): boolean {
  const a = before.sop.steps;
  const b = after.sop.steps;
  return b.length < a.length || b.some((step, i) => (step.actions?.length ?? 0) < (a[i]?.actions?.length ?? 0));
}

/** The Broker's rule (src/tools/registry.ts toolAllowed, which the UI cannot import): an entry ending in `*` allows every id it prefixes. */
export function allowedBy(entries: readonly string[], toolId: string): boolean {
  return entries.some((entry) => (entry.endsWith('*') ? toolId.startsWith(entry.slice(0, -1)) : entry === toolId));
}
