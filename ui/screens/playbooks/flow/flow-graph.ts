// The steps as a graph: each step leads to the next (the last one to the end of the run), and a
// step whose on_failure does something other than stop the run branches — to the following step
// (skip), to the person running it (ask_user) or to another Playbook (call_subagent). Pure, so the
// edges are tested without a page; flow-view.ts draws them.

export type FlowStep = { id: string; title?: string; on_failure?: string; subagent?: string };

export type FlowTarget =
  | { kind: 'step'; index: number; id: string; title: string }
  | { kind: 'end' }
  | { kind: 'person' }
  | { kind: 'playbook'; id: string };

export type FlowEdge = { from: number; on: 'next' | 'failure'; to: FlowTarget };

function stepOrEnd(steps: readonly FlowStep[], index: number): FlowTarget {
  const step = steps[index];
  return step ? { kind: 'step', index, id: step.id, title: step.title || step.id } : { kind: 'end' };
}

/** The branch a failing step takes; none for abort (the default: the run stops there). */
export function failureTarget(steps: readonly FlowStep[], index: number): FlowTarget | undefined {
  const step = steps[index];
  switch (step?.on_failure) {
    case 'skip':
      return stepOrEnd(steps, index + 1);
    case 'ask_user':
      return { kind: 'person' };
    case 'call_subagent':
      return step.subagent ? { kind: 'playbook', id: step.subagent } : undefined;
    default:
      return undefined;
  }
}

export function flowEdges(steps: readonly FlowStep[]): FlowEdge[] {
  return steps.flatMap((_, i): FlowEdge[] => {
    const failure = failureTarget(steps, i);
    return [{ from: i, on: 'next', to: stepOrEnd(steps, i + 1) }, ...(failure ? [{ from: i, on: 'failure' as const, to: failure }] : [])];
  });
}

/** Does the flow branch anywhere (so it is a graph, not only a sequence)? */
export const branches = (steps: readonly FlowStep[]) => flowEdges(steps).some((e) => e.on === 'failure');

/** The edge in words, for its text alternative and the editor's summary: "on failure → step 3 (Render)". */
export function edgeText(edge: FlowEdge): string {
  const prefix = edge.on === 'failure' ? 'on failure → ' : 'then → ';
  const to = edge.to;
  switch (to.kind) {
    case 'step':
      return `${prefix}step ${to.index + 1} (${to.title})`;
    case 'end':
      return `${prefix}the run ends`;
    case 'person':
      return `${prefix}asks the person running it: retry, skip or abort`;
    case 'playbook':
      return `${prefix}calls Playbook ${to.id}`;
  }
}
