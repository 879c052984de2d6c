import type { Approval } from '../domain/run';
import type { User } from '../domain/user';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { issuesOf } from '../domain/issues';
import { bodyHash } from './canonical';
import { destinationOf } from './destination';
import { jsonDiff } from './diff';
import { approvalView, callPayload, updateApproval } from './approvals';
import { executeApproved } from './calls';
import type { ApprovalRow, GovernedRun, TimerRow } from './ports';

/**
 * What people and time do to approvals (spec §6): approve (with the hash they saw, optionally
 * edited or for the session), reject, undo inside the window; expiry and the commit after the undo
 * window, which re-hashes what is about to be dispatched and only then runs it, once.
 */

export type ApprovalAction =
  | { action: 'approve'; body_hash: string; comment?: string; edited_args?: Record<string, unknown>; scope?: 'single' | 'session' }
  | { action: 'reject'; comment?: string }
  | { action: 'undo' };

/** approve / reject / undo by a person (spec §6). Throws 404/403/409 as the API returns them. */
export async function decideApproval(run: GovernedRun, id: string, action: ApprovalAction, user: User): Promise<Approval> {
  const approval = run.governance.approval(id);
  if (!approval) throw new NotFoundError('Approval', id);
  assertMayDecide(run, approval, user);
  const now = new Date();
  switch (action.action) {
    case 'approve':
      await approve(run, approval, action, user, now);
      break;
    case 'reject':
      if (approval.status !== 'pending' && approval.status !== 'approved') throw new ConflictError(`Approval "${id}" is already ${approval.status}`, { status: approval.status });
      await close(run, approval, 'rejected', { decided_by: user.id, decided_at: now.toISOString(), comment: action.comment ?? null }, `rejected by ${user.id}${action.comment ? `: ${action.comment}` : ''}`);
      break;
    case 'undo':
      // While the run is paused the commit is held, so the call can still be undone after the window.
      if (approval.status !== 'approved' || !approval.undo_until || (Date.parse(approval.undo_until) <= now.getTime() && !run.facts().paused)) {
        throw new ConflictError(`Approval "${id}" cannot be undone: ${approval.status === 'approved' ? 'the undo window has passed' : `it is ${approval.status}`}`, { status: approval.status });
      }
      updateApproval(run, id, { status: 'pending', undo_until: null, decided_by: null, decided_at: null });
      run.governance.clearTimer('approval_commit', id);
      run.emit('approval_undone', { approval_id: id, by: user.id });
      run.audit('approval_undone', approval.call_id, { approval_id: id, by: user.id });
      break;
  }
  await run.syncIndex();
  await run.arm();
  return approvalView(run, run.governance.approval(id)!);
}

function assertMayDecide(run: GovernedRun, approval: ApprovalRow, user: User): void {
  const groups = run.spec().approval_policy.approver_groups;
  if (groups.length > 0 && !groups.some((g) => user.groups.includes(g))) {
    throw new ForbiddenError(`Only members of ${groups.join(', ')} may decide this approval`);
  }
  if (approval.admin_only && user.role !== 'admin') throw new ForbiddenError('This call is admin-risk: only an admin may approve it');
}

async function approve(run: GovernedRun, approval: ApprovalRow, action: Extract<ApprovalAction, { action: 'approve' }>, user: User, now: Date): Promise<void> {
  if (approval.status !== 'pending') throw new ConflictError(`Approval "${approval.id}" is already ${approval.status}`, { status: approval.status });
  if (Date.parse(approval.expires_at) <= now.getTime()) {
    await close(run, approval, 'expired', {}, 'the approval expired before it was decided');
    throw new ConflictError(`Approval "${approval.id}" has expired`, { status: 'expired' });
  }
  if (action.body_hash !== approval.body_hash) {
    run.audit('approval_hash_mismatch', approval.call_id, { approval_id: approval.id, by: user.id, sent: action.body_hash, expected: approval.body_hash });
    throw new ConflictError('The body hash does not match the payload awaiting approval: reload and review it again', { expected_prefix: approval.body_hash.slice(0, 12) });
  }
  const fields: Partial<ApprovalRow> = { decided_by: user.id, decided_at: now.toISOString(), comment: action.comment ?? null, run_taint_seen: run.facts().tainted };
  if (action.scope === 'session' && approval.kind === 'tool') fields.scope = 'session';
  if (action.edited_args) Object.assign(fields, await editPayload(run, approval, action.edited_args));

  const undoSeconds = run.spec().approval_policy.undo_window_seconds_for_external_send;
  const withUndo = approval.kind === 'tool' && approval.risk === 'external_send' && undoSeconds > 0;
  const commitAt = now.getTime() + (withUndo ? undoSeconds * 1000 : 0);
  updateApproval(run, approval.id, { ...fields, status: 'approved', undo_until: withUndo ? new Date(commitAt).toISOString() : null });
  run.governance.clearTimer('approval_expiry', approval.id);
  run.governance.setTimer('approval_commit', approval.id, commitAt);
  run.emit('approval_approved', { approval_id: approval.id, by: user.id, ...(withUndo ? { undo_until: new Date(commitAt).toISOString() } : {}), ...(fields.diff ? { diff: JSON.parse(fields.diff) } : {}) });
  run.audit('approval_approved', approval.call_id, { approval_id: approval.id, by: user.id, body_hash: fields.body_hash ?? approval.body_hash, comment: action.comment ?? null, scope: fields.scope ?? approval.scope });
}

/** Edit-then-approve: the approver's arguments replace the call's; a new hash, with the diff kept. */
async function editPayload(run: GovernedRun, approval: ApprovalRow, edited: Record<string, unknown>): Promise<Partial<ApprovalRow>> {
  if (approval.kind !== 'tool' || !approval.call_id) throw new ConflictError('Only a single tool call can be edited before approval');
  const tool = run.tools().get(approval.tool_id);
  if (!tool) throw new ConflictError(`There is no tool "${approval.tool_id}" any more (was its MCP server removed?)`);
  const parsed = tool.args.safeParse(edited);
  if (!parsed.success) throw new ValidationError('The edited arguments are invalid', issuesOf(parsed.error, ['edited_args']));
  const before = await callPayload(run, approval.call_id);
  run.calls.updateCall(approval.call_id, { args: JSON.stringify(parsed.data) });
  const after = await callPayload(run, approval.call_id);
  return { payload: JSON.stringify(after), body_hash: bodyHash(after), previous_hash: approval.body_hash, diff: JSON.stringify(jsonDiff(before.args, after.args)), destination: destinationOf(parsed.data) };
}

/** Ends an approval without running the call: the call is refused with the reason, and the run goes on. */
async function close(run: GovernedRun, approval: ApprovalRow, status: 'rejected' | 'expired' | 'refused', fields: Partial<ApprovalRow>, reason: string): Promise<void> {
  updateApproval(run, approval.id, { ...fields, status, undo_until: null });
  run.governance.clearTimer('approval_expiry', approval.id);
  run.governance.clearTimer('approval_commit', approval.id);
  run.emit(`approval_${status}`, { approval_id: approval.id, reason });
  run.audit(`approval_${status}`, approval.call_id, { approval_id: approval.id, reason });
  await run.syncIndex();
  if (approval.kind === 'budget') {
    await run.budgetRefused(reason);
    return;
  }
  if (approval.call_id) run.calls.updateCall(approval.call_id, { status: 'refused', error: `approval ${status}: ${reason}`, ended_at: new Date().toISOString() });
  await run.continueAfterPerson();
}

/** Expiry and commit are alarms (spec §4): they fire after restarts too, from the timers table. */
export async function fireApprovalTimer(run: GovernedRun, timer: TimerRow): Promise<void> {
  run.governance.clearTimer(timer.kind, timer.ref);
  const approval = run.governance.approval(timer.ref);
  if (!approval) return;
  if (timer.kind === 'approval_expiry' && approval.status === 'pending') {
    await close(run, approval, 'expired', {}, `not decided within ${run.spec().approval_policy.default_ttl_seconds} s`);
  } else if (timer.kind === 'approval_commit' && approval.status === 'approved') {
    if (run.facts().paused) return holdCommit(run, approval);
    await commit(run, approval);
  }
}

/** A paused run sends nothing: the approved call waits, still undoable, until `resume` re-arms its commit. */
async function holdCommit(run: GovernedRun, approval: ApprovalRow): Promise<void> {
  run.emit('approval_commit_held', { approval_id: approval.id, reason: 'the run is paused; nothing is sent until it resumes, and the call can still be undone' });
  run.audit('approval_commit_held', approval.call_id, { approval_id: approval.id });
  run.tell({ kind: 'approval', approval: approvalView(run, approval) });
  await run.syncIndex();
}

/**
 * Commit: re-hash exactly what is about to be dispatched and refuse on any difference from what
 * the approver saw (the approve-X-send-Y race, spec §6). Only then does the call run, once.
 */
async function commit(run: GovernedRun, approval: ApprovalRow): Promise<void> {
  if (approval.kind === 'budget') {
    updateApproval(run, approval.id, { status: 'committed', undo_until: null });
    await run.syncIndex();
    await run.raiseBudget(JSON.parse(approval.payload).new_budget as Record<string, number>, approval.decided_by ?? 'unknown');
    return;
  }
  if (approval.kind === 'batch') {
    updateApproval(run, approval.id, { status: 'committed', undo_until: null });
    run.audit('approval_committed', approval.call_id, { approval_id: approval.id, kind: 'batch' });
    await run.syncIndex();
    await finishCommit(run, approval);
    return;
  }
  const payload = await callPayload(run, approval.call_id!);
  const hash = bodyHash(payload);
  if (hash !== approval.body_hash) {
    await close(run, approval, 'refused', {}, `the payload changed after approval (approved ${approval.body_hash.slice(0, 12)}…, about to send ${hash.slice(0, 12)}…); nothing was sent`);
    return;
  }
  updateApproval(run, approval.id, { status: 'committed', undo_until: null });
  run.emit('approval_committed', { approval_id: approval.id, body_hash: hash });
  run.audit('approval_committed', approval.call_id, { approval_id: approval.id, body_hash: hash });
  // The index learns of the commit before the call goes out: a crash during the call cannot leave it "approved".
  await run.syncIndex();
  await finishCommit(run, approval);
}

/**
 * What a committed tool or batch approval does: its call runs (a batch's call ends approved), and
 * the run goes on. Also what recovery does when the runtime stopped after the commit and before
 * the call left `awaiting_approval`: nothing was dispatched, and the person's decision stands.
 */
export async function finishCommit(run: GovernedRun, approval: ApprovalRow): Promise<void> {
  if (approval.kind === 'batch') {
    run.calls.updateCall(approval.call_id!, { status: 'done', result: JSON.stringify({ approved: true, approval_id: approval.id, items: (JSON.parse(approval.batch_hashes ?? '[]') as string[]).length }), ended_at: new Date().toISOString() });
  } else {
    await executeApproved(run, approval.call_id!);
  }
  await run.continueAfterPerson();
}

