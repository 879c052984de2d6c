import { abortAllDurableObjects, runDurableObjectAlarm } from 'cloudflare:test';
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

  it('an index update queued before a crash is sent when the run object wakes, before anything else', async () => {
    const { author, runId, approval } = await waitingSend(60);
    // The state right after the run changed an approval and queued the index update, but before it
    // was sent: the index still shows the approval pending.
    const changed = { ...(await indexed(author, approval.id)), status: 'rejected', decided_by: author.id };
    await runSql(runId, "UPDATE approvals SET status = 'rejected' WHERE id = ?", approval.id);
    await runSql(runId, 'INSERT INTO index_outbox (update_json) VALUES (?)', JSON.stringify({ kind: 'approval', approval: changed }));
    expect((await indexed(author, approval.id)).status).toBe('pending');

    await abortAllDurableObjects();
    await call('GET', `/runs/${runId}`, author); // any request wakes the object
    expect((await indexed(author, approval.id)).status).toBe('rejected');
    expect(await runSql(runId, 'SELECT * FROM index_outbox')).toEqual([]);
  });
});

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
