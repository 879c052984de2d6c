import type { Step } from '../domain/playbook';
import { authorize, dispatch } from '../broker/broker';
import type { QuestionRequest } from '../tools/types';
import { randomId } from '../auth/tokens';
import type { RunEngine } from './engine';

export type CallOutcome =
  | { kind: 'done'; call_id: string; output: unknown }
  | { kind: 'failed'; call_id: string; error: string; refused: boolean }
  | { kind: 'suspended'; call_id: string };

export type CallSite = { step_idx: number; step: Step; action_idx?: number; model_call_id?: string };

/**
 * One tool call, start to finish, with the intent made durable before dispatch (spec §4):
 * authorize → record intent → sync → dispatch → record result. A crash between the last two
 * leaves an `intent` row, which the engine's recovery finds on the next unit.
 */
export async function callTool(engine: RunEngine, site: CallSite, toolId: string, args: unknown): Promise<CallOutcome> {
  const { store } = engine;
  const call_id = randomId('call');
  const now = engine.now();
  const base = { call_id, step_idx: site.step_idx, action_idx: site.action_idx ?? null, model_call_id: site.model_call_id ?? null, tool_id: toolId, started_at: now };
  const decision = authorize({ tool_id: toolId, args, step: site.step });
  if (decision.kind === 'refuse') {
    store.insertCall({ ...base, args: JSON.stringify(args ?? null), risk: decision.risk ?? 'read', status: 'refused' });
    store.updateCall(call_id, { error: decision.reason, ended_at: now });
    engine.emit('tool_call_refused', { call_id, step_id: site.step.id, tool_id: toolId, code: decision.code, reason: decision.reason });
    return { kind: 'failed', call_id, error: decision.reason, refused: true };
  }
  store.insertCall({ ...base, args: JSON.stringify(decision.args), risk: decision.risk, status: 'intent' });
  engine.emit('tool_call_started', { call_id, step_id: site.step.id, tool_id: toolId, risk: decision.risk, args: decision.args });
  await engine.durable();

  const outcome = await dispatch(decision.tool, decision.args, engine.toolContext(site.step.id, call_id));
  const ended = engine.now();
  if (!outcome.ok) {
    store.updateCall(call_id, { status: 'error', error: outcome.error, ended_at: ended });
    engine.emit('tool_call_failed', { call_id, step_id: site.step.id, tool_id: toolId, error: outcome.error });
    return { kind: 'failed', call_id, error: outcome.error, refused: false };
  }
  const result = outcome.result;
  if (result.kind === 'done') {
    store.updateCall(call_id, { status: 'done', result: JSON.stringify(result.output ?? null), ended_at: ended });
    if (result.cost_usd) engine.bookCost(result.cost_usd, 0);
    engine.emit('tool_call_finished', { call_id, step_id: site.step.id, tool_id: toolId, output: result.output ?? null });
    return { kind: 'done', call_id, output: result.output ?? null };
  }
  if (result.kind === 'ask') {
    store.updateCall(call_id, { status: 'waiting' });
    await engine.ask(site.step_idx, call_id, 'tool', result.question);
    return { kind: 'suspended', call_id };
  }
  // A fast child may already have reported back while we were still dispatching.
  const current = store.call(call_id)!;
  if (current.status === 'done') return { kind: 'done', call_id, output: JSON.parse(current.result ?? 'null') };
  if (current.status === 'error') return { kind: 'failed', call_id, error: current.error ?? 'child run failed', refused: false };
  store.updateCall(call_id, { status: 'waiting', child_run_id: result.run_id });
  return { kind: 'suspended', call_id };
}

export type { QuestionRequest };
