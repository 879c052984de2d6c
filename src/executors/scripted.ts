import type { Action, Step } from '../domain/playbook';
import { ReferenceError, resolveReferences, type ReferenceScope } from '../domain/references';
import type { RunCore } from '../run/core';
import type { UnitResult } from './unit';
import { referenceScope, taintScope } from '../run/scopes';
import { callTool, continueCall, type CallOutcome } from '../broker/calls';
import { CLEAN, taintOfReferences, type Taint } from '../broker/taint';

/**
 * Scripted executor (spec §5): a step's `actions` run in order, one tool call per unit, arguments
 * resolved from inputs, earlier outputs and answers. An action with `for_each` makes one call per
 * item and outputs the list of results. Deterministic, and runnable with no model at all.
 */
export async function runScriptedUnit(run: RunCore, idx: number, step: Step): Promise<UnitResult> {
  const actions = step.actions ?? [];
  const row = run.store.step(idx)!;
  const outputs = JSON.parse(row.outputs) as Record<string, unknown>;
  const cursor = row.action_cursor;
  const action = actions[cursor];
  if (!action) return { kind: 'step_done', outputs };
  const key = action.id ?? `action_${cursor}`;

  // The scope reads every step's outputs and every answer: built only when a unit needs it (a
  // for_each list, or the arguments of a new call), not on each unit of a waiting or continuing call.
  let scope: ReferenceScope | undefined;
  let items: unknown[] | undefined;
  try {
    if (action.for_each !== undefined) items = listOf(action, (scope = referenceScope(run)));
  } catch (error) {
    if (error instanceof ReferenceError) return { kind: 'step_failed', error: error.message };
    throw error;
  }
  // For for_each, the results so far are the step output under the action's key.
  const results = items ? (Array.isArray(outputs[key]) ? (outputs[key] as unknown[]) : []) : undefined;
  if (items && results!.length >= items.length) return advance(run, idx, { ...outputs, [key]: results }, cursor + 1, actions.length);
  const itemIdx = results?.length ?? null;
  const record = (output: unknown): UnitResult =>
    results ? advance(run, idx, { ...outputs, [key]: [...results, output] }, cursor, actions.length) : advance(run, idx, { ...outputs, [key]: output }, cursor + 1, actions.length);

  const existing = run.store.callForAction(idx, cursor, itemIdx);
  if (existing?.status === 'waiting' || existing?.status === 'unknown') return { kind: 'suspended' };
  if (existing?.status === 'error' || existing?.status === 'refused') return { kind: 'step_failed', error: `${action.tool}: ${existing.error}` };
  if (existing?.status === 'done') return record(JSON.parse(existing.result ?? 'null'));

  let outcome: CallOutcome;
  if (existing?.status === 'continuing') {
    outcome = await continueCall(run, existing);
  } else {
    let args: unknown = action.args;
    try {
      if (hasReferences(action)) {
        scope ??= referenceScope(run);
        args = resolveReferences(action.args, items ? { ...scope, item: items[itemIdx!] } : scope);
      }
    } catch (error) {
      if (error instanceof ReferenceError) return { kind: 'step_failed', error: error.message };
      throw error;
    }
    const site = { step_idx: idx, step, action_idx: cursor, ...(itemIdx !== null ? { item_idx: itemIdx } : {}), args_taint: argumentsTaint(run, action) };
    outcome = await callTool(run, site, action.tool, args);
  }
  switch (outcome.kind) {
    case 'done':
      return record(outcome.output);
    case 'continuing':
      return { kind: 'continue', fresh: true };
    case 'suspended':
      return { kind: 'suspended' };
    case 'failed':
      return { kind: 'step_failed', error: `${action.tool}: ${outcome.error}` };
  }
}

/** Taint follows references: the arguments carry whatever the values they read derive from. */
function argumentsTaint(run: RunCore, action: Action): Taint {
  if (!hasReferences(action)) return CLEAN;
  const scope = taintScope(run);
  // A for_each item derives from its list; the same taint holds for every element.
  return taintOfReferences(action.args, { ...scope, item: action.for_each ? taintOfReferences(action.for_each, scope) : CLEAN });
}

/** Per action: the pinned spec never changes, so its arguments are searched once, not every unit. */
const referencing = new WeakMap<Action, boolean>();

function hasReferences(action: Action): boolean {
  let found = referencing.get(action);
  if (found === undefined) referencing.set(action, (found = JSON.stringify(action.args).includes('${{')));
  return found;
}

function listOf(action: Action, scope: ReferenceScope): unknown[] {
  const value = resolveReferences(action.for_each, scope);
  if (!Array.isArray(value)) throw new ReferenceError(action.for_each!, `for_each "${action.for_each}" is not a list (got ${value === null ? 'null' : typeof value})`);
  return value;
}

/** The step's outputs so far; after its last action the step is done in the same unit. */
function advance(run: RunCore, idx: number, outputs: Record<string, unknown>, cursor: number, actions: number): UnitResult {
  if (cursor >= actions) return { kind: 'step_done', outputs };
  run.store.updateStep(idx, { outputs: JSON.stringify(outputs), action_cursor: cursor });
  return { kind: 'continue' };
}
