import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { holdSlack, releaseSlack, slackHeld, slackMessages, uniqueChannel } from '../fakes/control';
import { createPlaybook, drive, runStub, startRun } from '../run/drive';
import { approve, governedPlaybook, pendingApproval, runSql, sendStep, sleep } from './helpers';

/** Issue 11 item 8: the approvals index after a crash, and a pause inside an undo window. */

async function waitingSend(undoSeconds: number) {
  const author = await createTestUser('author');
  const channel = uniqueChannel('held');
  const runId = await startRun(author, await createPlaybook(author, governedPlaybook([sendStep('send', channel, 'Held send')], {
    approval_policy: { undo_window_seconds_for_external_send: undoSeconds },
  })));
  const approval = pendingApproval(await drive(runId, author));
  return { author, channel, runId, approval };
}

async function indexed(user: TestUser, approvalId: string): Promise<any> {
  const { approvals } = await json(await call('GET', '/approvals', user));
  return approvals.find((a: any) => a.id === approvalId);
}

async function fireAlarms(runId: string, times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await runDurableObjectAlarm(runStub(runId));
}

describe('the approvals index', () => {
  it('a crash while a committed send is in flight leaves the index right: committed, no undo deadline', async () => {
    const { author, channel, runId, approval } = await waitingSend(1);
    const approved = await json(await approve(author, approval));
    await holdSlack(channel);
    await sleep(Math.max(0, Date.parse(approved.undo_until) - Date.now()) + 50);
    const commit = runDurableObjectAlarm(runStub(runId)).catch((error: unknown) => error);
    for (let i = 0; i < 100 && !(await slackHeld(channel)); i++) await sleep(50);
    expect(await slackHeld(channel)).toBe(true);
    await abortAllDurableObjects();
    await releaseSlack(channel);
    await commit;

    await drive(runId, author);
    const listed = await indexed(author, approval.id);
    expect(listed).toMatchObject({ status: 'committed' });
    expect(listed.undo_until).toBeUndefined();
  });

  // The runtime dies after the commit is in the run's own rows (and queued for the index) and
  // before the Tenant applies it: the run's call to the Tenant never returns, so the update cannot land.
  it('a crash between an approval\'s commit and its index update: the index is right after wake', async () => {
    const { author, channel, runId, approval } = await crashBetweenCommitAndIndex(async (runId) => {
      const queued = ((await runSql(runId, 'SELECT update_json FROM index_outbox ORDER BY seq')) as { update_json: string }[]).map((r) => JSON.parse(r.update_json));
      expect(queued).toContainEqual(expect.objectContaining({ kind: 'approval', approval: expect.objectContaining({ status: 'committed' }) }));
    });
    await expectStaleThenRepaired(author, runId, approval.id);
    expect(await runSql(runId, 'SELECT * FROM index_outbox')).toEqual([]);
    // The commit stands and nothing had gone out: the woken run sends it, once, and finishes.
    expect((await drive(runId, author)).status).toBe('done');
    expect(await slackMessages(channel)).toHaveLength(1);
    expect(await dispatchedCount(runId)).toBe(1);
  });

  it('the same crash with the queued update lost: the wake reconciles the index with the run\'s approvals', async () => {
    // Whatever dropped it (an update lost before the outbox existed, a queue emptied before the
    // Tenant applied it), replaying the outbox cannot repair this index; only the run's own rows can.
    const { author, runId, approval } = await crashBetweenCommitAndIndex((runId) => runSql(runId, 'DELETE FROM index_outbox'));
    await expectStaleThenRepaired(author, runId, approval.id);
  });
});

/**
 * Approves a send and lets the commit timer fire with the run object's calls to the Tenant never
 * answered: the run writes `committed` into its own rows (and its outbox), and its index update is
 * on the way to the Tenant when the runtime is killed.
 */
async function crashBetweenCommitAndIndex(beforeCrash: (runId: string) => Promise<unknown>) {
  const { author, channel, runId, approval } = await waitingSend(1);
  const approved = await json(await approve(author, approval));
  expect((await indexed(author, approval.id)).status).toBe('approved');
  await tenantNeverAnswers(runId);
  let commit: Promise<unknown> = Promise.resolve();
  try {
    await sleep(Math.max(0, Date.parse(approved.undo_until) - Date.now()) + 50);
    commit = runDurableObjectAlarm(runStub(runId)).catch((error: unknown) => error);
    let status = '';
    for (let i = 0; i < 100 && status !== 'committed'; i++) {
      await sleep(50);
      status = ((await runSql(runId, 'SELECT status FROM approvals WHERE id = ?', approval.id)) as { status: string }[])[0]!.status;
    }
    expect(status).toBe('committed');
    // Stuck on the index update: nothing after it (the send) has happened.
    expect(await slackMessages(channel)).toEqual([]);
    await beforeCrash(runId);
  } finally {
    await abortAllDurableObjects(); // the crash; the new instance talks to the real Tenant again
    await commit;
  }
  return { author, channel, runId, approval };
}

async function dispatchedCount(runId: string): Promise<number> {
  return ((await runSql(runId, "SELECT COUNT(*) AS n FROM audit WHERE kind = 'dispatch'")) as { n: number }[])[0]!.n;
}

/**
 * The run object's test hook: its live instance, reached with runInDurableObject. Its calls to the
 * Tenant from now on reach a Tenant that never answers, until the object is killed.
 */
async function tenantNeverAnswers(runId: string): Promise<void> {
  await runInDurableObject(runStub(runId), async (instance) => {
    const core = (instance as unknown as { run: { env: Record<string, unknown> } }).run;
    const tenant = { applyRunIndex: () => new Promise<never>(() => {}) };
    core.env = { ...core.env, TENANT: { idFromName: (name: string) => name, get: () => tenant } };
  });
}

/** Before the run object wakes the index is stale (approved, undo deadline past); any request to the run repairs it. */
async function expectStaleThenRepaired(author: TestUser, runId: string, approvalId: string): Promise<void> {
  const stale = await indexed(author, approvalId);
  expect(stale.status).toBe('approved');
  expect(Date.parse(stale.undo_until)).toBeLessThan(Date.now());

  expect((await call('GET', `/runs/${runId}`, author)).status).toBe(200); // any request wakes the object
  const listed = await indexed(author, approvalId);
  expect(listed).toMatchObject({ status: 'committed', commit_held: false });
  expect(listed.undo_until).toBeUndefined();
  const inbox = await json(await call('GET', '/inbox', author));
  expect(inbox.items.map((i: any) => i.id)).not.toContain(approvalId);
}

describe('pause inside an undo window', () => {
  it('holds the commit: nothing is sent while paused, the approval says so, and it sends once on resume', async () => {
    const { author, channel, runId, approval } = await waitingSend(1);
    const approved = await json(await approve(author, approval));
    expect((await call('POST', `/runs/${runId}/pause`, author)).status).toBe(200);
    await sleep(Math.max(0, Date.parse(approved.undo_until) - Date.now()) + 100);
    await fireAlarms(runId);

    expect(await slackMessages(channel)).toEqual([]);
    const paused = await json(await call('GET', `/runs/${runId}`, author));
    expect(paused.approvals[0]).toMatchObject({ status: 'approved', commit_held: true });
    expect(await indexed(author, approval.id)).toMatchObject({ status: 'approved', commit_held: true });
    expect((await runSql(runId, "SELECT COUNT(*) AS n FROM events WHERE type = 'approval_commit_held'"))[0]).toEqual({ n: 1 });

    expect((await call('POST', `/runs/${runId}/resume`, author)).status).toBe(200);
    await fireAlarms(runId);
    const done = await drive(runId, author);
    expect(done.status).toBe('done');
    expect(await slackMessages(channel)).toHaveLength(1);
    expect(await indexed(author, approval.id)).toMatchObject({ status: 'committed', commit_held: false });
  });

  it('a held send can still be undone after its window, and then never goes out', async () => {
    const { author, channel, runId, approval } = await waitingSend(1);
    const approved = await json(await approve(author, approval));
    expect((await call('POST', `/runs/${runId}/pause`, author)).status).toBe(200);
    await sleep(Math.max(0, Date.parse(approved.undo_until) - Date.now()) + 100);
    await fireAlarms(runId);

    const undone = await call('POST', `/approvals/${approval.id}/undo`, author);
    expect(undone.status, await undone.clone().text()).toBe(200);
    expect((await json(undone)).status).toBe('pending');
    expect((await call('POST', `/runs/${runId}/resume`, author)).status).toBe(200);
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_approval');
    expect(await slackMessages(channel)).toEqual([]);
  });

  it('without a pause, undo after the window is still refused (the hold is the only exception)', async () => {
    const { author, channel, runId, approval } = await waitingSend(1);
    const approved = await json(await approve(author, approval));
    await sleep(Math.max(0, Date.parse(approved.undo_until) - Date.now()) + 100);
    await drive(runId, author);
    expect((await call('POST', `/approvals/${approval.id}/undo`, author)).status).toBe(409);
    expect(await slackMessages(channel)).toHaveLength(1);
  });
});
