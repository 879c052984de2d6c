import { stepMode } from '../domain/playbook';
import type { ReferenceScope } from '../domain/references';
import { isTainted, parseTaint, union, type Taint, type TaintScope } from '../broker/taint';
import type { RunCore } from './core';
import { timesOf } from './clock';

const HITL = 'kbagent.human_in_loop';

/**
 * What `${{ }}` references read (spec §5): run inputs, earlier steps' outputs, and per
 * kbagent.human_in_loop action id the answer and the question record (who answered, when, with
 * what comment) — a list, in item order, for an action with for_each. Built only when a unit's
 * arguments hold references.
 */
export function referenceScope(run: RunCore): ReferenceScope {
  const row = run.store.run();
  const spec = run.spec();
  const steps: ReferenceScope['steps'] = {};
  for (const step of run.store.steps()) steps[step.id] = { outputs: JSON.parse(step.outputs) as Record<string, unknown> };
  const answers: Record<string, unknown> = {};
  const questions: Record<string, unknown> = {};
  const asked = new Map(run.store.questions().filter((q) => q.call_id && q.status === 'answered').map((q) => [q.call_id!, q]));
  const hitl = run.store.allCalls().filter((c) => c.tool_id === HITL && c.status === 'done' && c.action_idx !== null);
  hitl.sort((a, b) => a.step_idx - b.step_idx || a.action_idx! - b.action_idx! || (a.item_idx ?? 0) - (b.item_idx ?? 0));
  for (const call of hitl) {
    const action = spec.sop.steps[call.step_idx]?.actions?.[call.action_idx!];
    if (!action?.id) continue;
    const q = asked.get(call.call_id);
    const answer = JSON.parse(call.result ?? 'null') as unknown;
    const record = { answer, comment: q?.comment ?? '', answered_by: q?.answered_by ?? '', answered_at: q?.answered_at ?? '' };
    if (action.for_each !== undefined) {
      answers[action.id] = [...((answers[action.id] as unknown[] | undefined) ?? []), answer];
      questions[action.id] = [...((questions[action.id] as unknown[] | undefined) ?? []), record];
    } else {
      answers[action.id] = answer;
      questions[action.id] = record;
    }
  }
  // The run's page in the UI; absolute when the deployment says where it is served, so a link sent out opens.
  const base = run.env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') ?? '';
  const self = {
    id: row.id, number: row.number, playbook_id: row.playbook_id, url: `${base}/runs/${row.id}`,
    cost_usd: row.cost_usd, tokens: row.tokens, ...timesOf(row, row), budget: run.budget(),
  };
  // An optional input left empty is null to a reference, not an error: the action says what empty means.
  const inputs = { ...Object.fromEntries(spec.inputs.map((input) => [input.name, null])), ...(JSON.parse(row.inputs) as Record<string, unknown>) };
  return { inputs, steps, answers, questions, run: self };
}

/**
 * What `${{ }}` references lead to, in taint (src/broker/taint.ts): each input's, each step
 * output key's (a scripted action's calls; all of a model step's conversation) and each answer's.
 */
export function taintScope(run: RunCore): TaintScope {
  const spec = run.spec();
  const steps: Record<string, Record<string, Taint>> = {};
  for (const row of run.store.steps()) {
    steps[row.id] = stepMode(spec.sop.steps[row.idx]!, spec.model) === 'agent' ? { '*': parseTaint(row.context_taint) } : {};
  }
  const answers: Record<string, Taint> = {};
  for (const call of run.store.allCalls()) {
    const taint = parseTaint(call.taint);
    if (call.status !== 'done' || !isTainted(taint)) continue;
    const step = spec.sop.steps[call.step_idx]!;
    const action = call.action_idx === null ? undefined : step.actions?.[call.action_idx];
    const key = call.model_call_id === 'on_failure' ? 'subagent' : action ? (action.id ?? `action_${call.action_idx}`) : null;
    if (key === null) continue;
    const outputs = steps[step.id]!;
    outputs[key] = union(outputs[key], taint);
    if (action?.id && call.tool_id === HITL) answers[action.id] = union(answers[action.id], taint);
  }
  return { inputs: JSON.parse(run.store.run().input_taint ?? '{}') as Record<string, Taint>, steps, answers };
}
