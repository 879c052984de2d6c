import type { RunStatus } from '../domain/run';
import { ConflictError, NotFoundError } from '../errors';
import { approvalView } from '../broker/approvals';
import { CLEAN, childLabel, isTainted, parseTaint, taintJson, union, type Taint } from '../broker/taint';
import type { QuestionRequest } from '../tools/types';
import type { RunCore } from './core';
import { abortStep, finishStep, retryStep } from './loop';
import { requireComment, validateAnswer } from './answers';
import { isTerminal } from './status';

/**
 * What people (and child runs) do to a run from outside its loop (spec §4): answer a question,
 * pause, resume, cancel, and a child reporting its end. Each applies the change, reports it and
 * re-arms the run; the loop does the rest.
 */

export async function answer(run: RunCore, questionId: string, value: unknown, by: string, comment?: string): Promise<void> {
  const q = run.store.question(questionId);
  if (!q) throw new NotFoundError('Question', questionId);
  if (q.status !== 'pending') throw new ConflictError(`Question "${questionId}" is already ${q.status}`);
  const options = JSON.parse(q.options) as QuestionRequest['options'];
  const valid = validateAnswer(q.kind, options, JSON.parse(q.rows ?? '[]') as { value: string }[], value);
  requireComment(options, valid, comment);
  const at = run.now();
  run.store.updateQuestion(questionId, { status: 'answered', answer: JSON.stringify(valid), answered_by: by, answered_at: at, ...(comment ? { comment } : {}) });
  run.emit('question_answered', { question_id: questionId, answer: valid, by, ...(comment ? { comment } : {}) });
  run.tell({ kind: 'inbox_close', id: questionId });
  await run.syncIndex();
  const step = run.spec().sop.steps[q.step_idx]!;
  const stepError = () => run.store.step(q.step_idx)?.error ?? undefined;
  switch (q.purpose) {
    case 'tool':
      // An answer to a question that quotes untrusted data (its options, its prompt) carries that data.
      run.store.updateCall(q.call_id!, { status: 'done', result: JSON.stringify(valid), ended_at: at, taint: run.store.call(q.call_id!)?.args_taint ?? null });
      break;
    case 'crash_recovery':
      if (valid === 'abort') return abortStep(run, q.step_idx, step, 'aborted after an uncertain tool call');
      run.store.updateCall(q.call_id!, valid === 'happened'
        ? { status: 'done', result: JSON.stringify({ confirmed_by: by, note: 'a person confirmed the call happened; its result was not recorded' }), ended_at: at }
        : { status: 'abandoned', ended_at: at });
      break;
    case 'on_failure':
      if (valid === 'abort') return abortStep(run, q.step_idx, step, stepError() ?? 'aborted by a person');
      if (valid === 'skip') finishStep(run, q.step_idx, step, 'skipped', undefined, stepError());
      else retryStep(run, q.step_idx);
      break;
  }
  await run.continueAfterPerson();
}

export async function pause(run: RunCore, by: string): Promise<void> {
  const row = run.store.run();
  if (isTerminal(row.status)) throw new ConflictError(`Cannot pause a run that is ${row.status}`, { status: row.status });
  if (row.paused) throw new ConflictError('The run is already paused', { status: row.status });
  if (row.status !== 'blocked') await run.setStatus('blocked', `paused by ${by}`, 'pause');
  run.store.updateRun({ paused: 1, status_reason: `paused by ${by}` }, run.now());
  run.emit('paused', { by });
  // Approved sends still in their undo window now wait for the resume (their views say so).
  for (const approval of run.governance.approvalsWithStatus('approved')) run.tell({ kind: 'approval', approval: approvalView(run, approval) });
  await run.report();
}

export async function resume(run: RunCore, by: string): Promise<void> {
  const row = run.store.run();
  if (row.status !== 'blocked') throw new ConflictError(`Cannot resume a run that is ${row.status}; only paused or blocked runs resume`, { status: row.status });
  run.store.updateRun({ paused: 0 }, run.now());
  run.emit('resumed', { by });
  // A commit held by the pause goes out now (or when its undo window ends, if it has not yet).
  for (const approval of run.governance.approvalsWithStatus('approved')) {
    run.governance.setTimer('approval_commit', approval.id, Math.max(Date.now(), Date.parse(approval.undo_until ?? run.now())));
    run.tell({ kind: 'approval', approval: approvalView(run, approval) });
  }
  // Re-derive the state: a question still open puts it back to waiting, otherwise it runs.
  if (run.store.pendingQuestions().length > 0) return run.setStatus('waiting_for_input', 'waiting for an answer', 'resume');
  const waitingApproval = run.governance.approvalsWithStatus('pending', 'approved')[0];
  if (waitingApproval) {
    await run.setStatus('waiting_for_approval', waitingApproval.title, 'resume');
    return run.arm();
  }
  await run.setStatus('running', undefined, 'resume');
  await run.schedule();
}

export async function cancel(run: RunCore, by: string, reason?: string): Promise<void> {
  const row = run.store.run();
  if (isTerminal(row.status)) throw new ConflictError(`Cannot cancel a run that is ${row.status}`, { status: row.status });
  run.emit('cancel_requested', { by, ...(reason ? { reason } : {}) });
  await run.setStatus('cancelled', reason ?? `cancelled by ${by}`, 'cancel');
}

/**
 * A child run ended. Its call may still be mid-dispatch (`intent`): then callTool picks the result
 * up. The child's outputs carry everything untrusted the child ever took in (`childTaint`).
 */
export async function childFinished(run: RunCore, callId: string, childId: string, status: RunStatus, outputs: Record<string, unknown>, usd: number, tokens: number, childTaint: Taint = CLEAN): Promise<void> {
  const call = run.store.call(callId);
  if (!call || !(call.status === 'waiting' || call.status === 'intent') || (call.child_run_id && call.child_run_id !== childId)) return;
  run.bookCost(usd, tokens);
  const at = run.now();
  run.emit('child_run_finished', { call_id: callId, child_run_id: childId, status });
  if (status === 'done') {
    const taint = union(parseTaint(call.args_taint), isTainted(childTaint) ? [childLabel(childId), ...childTaint] : CLEAN);
    run.store.updateCall(callId, { status: 'done', child_run_id: childId, result: JSON.stringify({ run_id: childId, status, outputs }), ended_at: at, taint: taintJson(taint) });
    run.acquireTaint(taint, callId);
  } else {
    run.store.updateCall(callId, { status: 'error', child_run_id: childId, error: `child run ${childId} ended ${status}`, ended_at: at });
  }
  if (call.status === 'intent') return;
  if (call.model_call_id === 'on_failure') {
    const step = run.spec().sop.steps[call.step_idx]!;
    if (status !== 'done') return abortStep(run, call.step_idx, step, `the subagent run ${childId} ended ${status}`);
    finishStep(run, call.step_idx, step, 'skipped', { subagent: { run_id: childId, outputs } }, run.store.step(call.step_idx)?.error ?? undefined);
  }
  await run.continueAfterPerson();
}
