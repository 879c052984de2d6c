import { stepMode, type Step } from '../domain/playbook';
import { riskRank } from '../domain/risk';
import { callTool } from '../broker/calls';
import { finishCommit } from '../broker/decisions';
import { runScriptedUnit } from '../executors/scripted';
import { runModelUnit } from '../executors/model/executor';
import type { UnitResult } from '../executors/unit';
import type { RunCore } from './core';
import { isTerminal } from './status';

const FAILURE_OPTIONS = [
  { value: 'retry', label: 'Retry the step' },
  { value: 'skip', label: 'Skip the step and continue' },
  { value: 'abort', label: 'Abort the run' },
];
export const CRASH_OPTIONS = [
  { value: 'happened', label: 'It happened: continue without repeating it' },
  { value: 'not_happened', label: 'It did not happen: run it again' },
  { value: 'abort', label: 'Abort the run' },
];
const SIDE_EFFECT_FLOOR = riskRank('write');

/**
 * Advances one run in small persisted units (spec §4): the run object calls `unit()` from its
 * alarm until it says there is nothing more to do right now.
 */
export class RunLoop {
  /** Calls left mid-dispatch can only come from before this object woke: looked for once per wake. */
  private recovered = false;

  constructor(private readonly run: RunCore) {}

  /**
   * One unit of work: recover, then one tool call or one model turn, then persist.
   * Returns true when the next unit can start right away.
   */
  async unit(): Promise<boolean> {
    const { run } = this;
    let row = run.store.run();
    if (isTerminal(row.status) || row.paused) return false;
    // Before anything else, in any live status: a crash can also hit a commit made while the run
    // was waiting_for_approval. Only a crash leaves such calls, so once per wake is enough.
    if (!this.recovered) {
      if (await this.recoverInterruptedCalls()) return false;
      this.recovered = true;
    }
    // Reported when the loop's invocation ends: the first step need not wait on the Tenant.
    if (row.status === 'queued') await run.setStatus('running', undefined, 'start', false);
    row = run.store.run();
    if (row.status !== 'running') return false;
    const overTime = run.budgetShortfall({ usd: 0, tokens: 0 });
    if (overTime) {
      await run.budgetBreach(overTime, { usd: 0, tokens: 0 });
      return false;
    }

    const spec = run.spec();
    const idx = row.step_index;
    const step = spec.sop.steps[idx];
    if (!step) {
      run.emit('run_completed', { outputs: run.allOutputs() });
      await run.setStatus('done', undefined, 'finish');
      return false;
    }
    if (run.store.step(idx)!.status === 'pending') {
      run.store.updateStep(idx, { status: 'running', started_at: run.now() });
      run.emit('step_started', { index: idx, step_id: step.id, title: step.title, mode: stepMode(step, spec.model) });
    }
    let result: UnitResult;
    const started = Date.now();
    try {
      result = stepMode(step, spec.model) === 'scripted' ? await runScriptedUnit(run, idx, step) : await runModelUnit(run, idx, step);
    } catch (error) {
      result = { kind: 'step_failed', error: error instanceof Error ? error.message : String(error) };
    }
    run.bookCompute(idx, Date.now() - started);
    return this.afterUnit(idx, step, result);
  }

  private async afterUnit(idx: number, step: Step, result: UnitResult): Promise<boolean> {
    const { run } = this;
    if (run.store.run().status !== 'running') return false; // paused, cancelled or waiting while the unit ran
    switch (result.kind) {
      case 'continue':
        if (!result.delay_ms && !result.fresh) return true;
        await run.schedule(result.delay_ms ?? 0);
        return false;
      case 'suspended':
        // Waiting on a person or a child run: they report back, so only timers need the alarm.
        await run.idle();
        return false;
      case 'blocked':
        await run.setStatus('blocked', result.reason, 'block');
        return false;
      case 'step_done':
        finishStep(run, idx, step, 'done', result.outputs);
        return true;
      case 'step_failed':
        await failStep(run, idx, step, result.error);
        return false;
      case 'budget_breach':
        await run.budgetBreach(result.reason, result.needed);
        return false;
    }
  }

  /**
   * A call left in `intent` means the runtime died between recording it and recording its
   * result. Reads and computes are safe to run again; anything with side effects is never
   * repeated automatically: a person says whether it happened (spec §4).
   */
  private async recoverInterruptedCalls(): Promise<boolean> {
    const { run } = this;
    const open = new Set(run.governance.approvalsWithStatus('pending', 'approved').map((a) => a.call_id));
    const committed = new Map(run.governance.approvalsWithStatus('committed').filter((a) => a.kind !== 'budget').map((a) => [a.call_id, a]));
    for (const call of run.store.callsWithStatus('awaiting_approval')) {
      // Committed, then the runtime stopped before the call went out (it never reached `intent`).
      const approval = committed.get(call.call_id);
      if (approval) {
        run.emit('tool_call_recovered', { call_id: call.call_id, tool_id: call.tool_id, action: 'dispatch_committed' });
        await finishCommit(run, approval);
        return true;
      }
      // Recorded but never dispatched (no approval was opened for it): safe to issue again.
      if (!open.has(call.call_id)) run.store.updateCall(call.call_id, { status: 'abandoned', ended_at: run.now(), error: 'interrupted before dispatch' });
    }
    for (const call of run.store.callsWithStatus('intent')) {
      if (run.dispatching.has(call.call_id)) continue; // dispatching right now in this object, not lost
      if (riskRank(call.risk) < SIDE_EFFECT_FLOOR) {
        run.store.updateCall(call.call_id, { status: 'abandoned', ended_at: run.now(), error: 'interrupted; re-run after restart' });
        run.emit('tool_call_recovered', { call_id: call.call_id, tool_id: call.tool_id, action: 'rerun' });
        continue;
      }
      run.store.updateCall(call.call_id, { status: 'unknown', error: 'the runtime stopped before the result was recorded' });
      run.emit('tool_call_recovered', { call_id: call.call_id, tool_id: call.tool_id, action: 'ask_human' });
      await run.askPerson(call.step_idx, call.call_id, 'crash_recovery', {
        kind: 'radio',
        prompt: `The runtime restarted while "${call.tool_id}" (${call.risk}) was running with ${truncate(call.args, 500)}. It has side effects, so it will not be repeated automatically. Did it happen?`,
        options: CRASH_OPTIONS,
      });
      return true;
    }
    return false;
  }
}

export function finishStep(run: RunCore, idx: number, step: Step, status: 'done' | 'skipped', outputs?: Record<string, unknown>, error?: string): void {
  run.store.updateStep(idx, { status, ended_at: run.now(), compute_ms: run.takeStepCompute(idx), ...(outputs ? { outputs: JSON.stringify(outputs) } : {}), ...(error ? { error } : {}) });
  run.store.updateRun({ step_index: idx + 1 }, run.now());
  run.emit(status === 'done' ? 'step_completed' : 'step_skipped', { index: idx, step_id: step.id, ...(outputs ? { outputs } : {}), ...(error ? { error } : {}) });
}

/** `on_failure` (spec §2): abort, skip, ask_user (retry / skip / abort), call_subagent. */
async function failStep(run: RunCore, idx: number, step: Step, error: string): Promise<void> {
  run.store.updateStep(idx, { error });
  run.emit('step_failed', { index: idx, step_id: step.id, error, on_failure: step.on_failure });
  switch (step.on_failure) {
    case 'skip':
      finishStep(run, idx, step, 'skipped', undefined, error);
      return run.schedule();
    case 'ask_user':
      return run.askPerson(idx, null, 'on_failure', { kind: 'radio', prompt: `Step "${step.title}" failed: ${error}\nWhat should the run do?`, options: FAILURE_OPTIONS });
    case 'call_subagent': {
      const site = { step_idx: idx, step: { ...step, allowed_tools: ['kbagent.call_playbook'] }, model_call_id: 'on_failure' };
      const outcome = await callTool(run, site, 'kbagent.call_playbook', {
        playbook_id: step.subagent,
        inputs: { failed_step_id: step.id, error, parent_run_id: run.store.run().id },
      });
      if (outcome.kind === 'failed') return abortStep(run, idx, step, `${error}; the subagent failed: ${outcome.error}`);
      if (outcome.kind === 'done') {
        finishStep(run, idx, step, 'skipped', { subagent: outcome.output as Record<string, unknown> }, error);
        return run.schedule();
      }
      return run.idle();
    }
    case 'abort':
      return abortStep(run, idx, step, error);
  }
}

export async function abortStep(run: RunCore, idx: number, step: Step, error: string): Promise<void> {
  run.store.updateStep(idx, { status: 'failed', ended_at: run.now(), error });
  await run.setStatus('failed', `Step "${step.id}" failed: ${error}`, 'fail');
}

/** Failed calls of the step are set aside so the step's next unit issues them again. */
export function retryStep(run: RunCore, idx: number): void {
  for (const call of run.store.allCalls()) {
    if (call.step_idx === idx && (call.status === 'error' || call.status === 'refused')) run.store.updateCall(call.call_id, { status: 'abandoned' });
  }
  run.store.updateStep(idx, { error: null });
  run.emit('step_retried', { index: idx });
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
