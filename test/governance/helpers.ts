import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import { call, json, type TestUser } from '../helpers';
import { drive, runStub } from '../run/drive';

export function sendStep(id: string, channel: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    title: `Send to ${channel}`,
    instruction: 'Post the message',
    completion_criteria: 'posted',
    allowed_tools: ['slack.send_message'],
    actions: [{ id: 'post', tool: 'slack.send_message', args: { channel, text } }],
    ...extra,
  };
}

/** A Playbook of the given steps with an undo window short enough for tests to wait out. */
export function governedPlaybook(steps: unknown[], extra: Record<string, unknown> = {}) {
  return {
    name: 'Governed',
    sop: { goal: 'Exercise the Broker', steps },
    budget: { max_usd_per_run: 1 },
    approval_policy: { undo_window_seconds_for_external_send: 1 },
    ...extra,
  };
}

export function pendingApproval(run: any): any {
  const approval = run.approvals.find((a: any) => a.status === 'pending');
  expect(approval, `no pending approval; run is ${run.status}`).toBeTruthy();
  return approval;
}

export async function approve(user: TestUser, approval: any, body: Record<string, unknown> = {}): Promise<Response> {
  return call('POST', `/approvals/${approval.id}/approve`, user, { json: { body_hash: approval.body_hash, ...body } });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets an approval's undo window pass, then fires the run's alarm until the commit timer has
 * acted (the runtime's clock and ours may differ by a few milliseconds under load).
 */
export async function passUndoWindow(runId: string, approval: { id: string; undo_until?: string }): Promise<void> {
  const until = approval.undo_until ? Date.parse(approval.undo_until) : Date.now();
  await sleep(Math.max(0, until - Date.now()) + 50);
  for (let attempt = 0; attempt < 50; attempt++) {
    await runDurableObjectAlarm(runStub(runId));
    // Committed means the call has also finished (the commit dispatches it), or it was refused.
    const [row] = (await runSql(
      runId,
      "SELECT a.status AS approval, c.status AS call FROM approvals a LEFT JOIN tool_calls c ON c.call_id = a.call_id WHERE a.id = ?",
      approval.id,
    )) as { approval: string; call: string | null }[];
    if (row && row.approval !== 'approved' && row.call !== 'intent' && row.call !== 'awaiting_approval') return;
    await sleep(100);
  }
  throw new Error(`approval ${approval.id} was not committed after its undo window`);
}

/** Approve and let the commit happen; returns the settled run. */
export async function approveAndCommit(user: TestUser, runId: string, approval: any, body: Record<string, unknown> = {}): Promise<any> {
  const res = await approve(user, approval, body);
  expect(res.status, await res.clone().text()).toBe(200);
  await passUndoWindow(runId, await json(res));
  return drive(runId, user);
}

/** Direct SQL on the run's storage: what an attacker with storage access, or a bug, could do. */
export async function runSql(runId: string, statement: string, ...params: unknown[]): Promise<unknown[]> {
  return runInDurableObject(runStub(runId), async (_instance, state) => state.storage.sql.exec(statement, ...(params as SqlStorageValue[])).toArray());
}
