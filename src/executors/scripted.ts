import type { Step } from '../domain/playbook';
import { ReferenceError, resolveReferences } from '../domain/references';
import type { RunEngine, UnitResult } from '../run/engine';
import { callTool, continueCall, type CallOutcome } from '../run/tool-calls';

/**
 * Scripted executor (spec §5): a step's `actions` run in order, one per unit, arguments resolved
 * from inputs, earlier outputs and answers. Deterministic, and runnable with no model at all.
 */
export async function runScriptedUnit(engine: RunEngine, idx: number, step: Step): Promise<UnitResult> {
  const actions = step.actions ?? [];
  const row = engine.store.step(idx)!;
  const outputs = JSON.parse(row.outputs) as Record<string, unknown>;
  const cursor = row.action_cursor;
  const action = actions[cursor];
  if (!action) return { kind: 'step_done', outputs };
  const key = action.id ?? `action_${cursor}`;

  const existing = engine.store.callForAction(idx, cursor);
  if (existing?.status === 'waiting' || existing?.status === 'unknown') return { kind: 'suspended' };
  if (existing?.status === 'error' || existing?.status === 'refused') return { kind: 'step_failed', error: `${action.tool}: ${existing.error}` };
  if (existing?.status === 'done') return advance(engine, idx, outputs, key, JSON.parse(existing.result ?? 'null'), cursor);

  let outcome: CallOutcome;
  if (existing?.status === 'continuing') {
    outcome = await continueCall(engine, existing);
  } else {
    let args: unknown;
    try {
      args = resolveReferences(action.args, engine.referenceScope());
    } catch (error) {
      if (error instanceof ReferenceError) return { kind: 'step_failed', error: error.message };
      throw error;
    }
    outcome = await callTool(engine, { step_idx: idx, step, action_idx: cursor }, action.tool, args);
  }
  switch (outcome.kind) {
    case 'done':
      return advance(engine, idx, outputs, key, outcome.output, cursor);
    case 'continuing':
      return { kind: 'continue', fresh: true };
    case 'suspended':
      return { kind: 'suspended' };
    case 'failed':
      return { kind: 'step_failed', error: `${action.tool}: ${outcome.error}` };
  }
}

function advance(engine: RunEngine, idx: number, outputs: Record<string, unknown>, key: string, output: unknown, cursor: number): UnitResult {
  const next = { ...outputs, [key]: output };
  engine.store.updateStep(idx, { outputs: JSON.stringify(next), action_cursor: cursor + 1 });
  return { kind: 'continue' };
}
