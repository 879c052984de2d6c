import { abortAllDurableObjects, runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { holdSlack, releaseSlack, slackHeld, slackMessages, uniqueChannel } from '../fakes/control';
import { approve, governedPlaybook, pendingApproval, runSql, sendStep, sleep } from '../governance/helpers';
import { createPlaybook, drive, runStub, scriptedStep, startRun } from './drive';

/**
 * The runtime dies after a side-effecting call's intent is durable and while the call is in
 * flight (the fake Slack holds the request), so the run never learns the outcome.
 */
async function killDuringSend(text: string) {
  const author = await createTestUser('author');
  const channel = uniqueChannel('crash');
  const runId = await startRun(author, await createPlaybook(author, governedPlaybook([
    sendStep('send', channel, text),
    { id: 'after', title: 'After', instruction: 'log', completion_criteria: 'logged', allowed_tools: ['kbagent.log'], actions: [{ tool: 'kbagent.log', args: { message: 'after the send' } }] },
  ])));
  const approval = pendingApproval(await drive(runId, author));
  const approved = await json(await approve(author, approval));
  await holdSlack(channel);
  await sleep(Math.max(0, Date.parse(approved.undo_until) - Date.now()) + 50);

  // The commit alarm dispatches the send; the fake receives it and holds the answer.
  const commit = runDurableObjectAlarm(runStub(runId)).catch((error: unknown) => error);
  for (let i = 0; i < 100 && !(await slackHeld(channel)); i++) await sleep(50);
  expect(await slackHeld(channel)).toBe(true);
  const [call] = (await runSql(runId, 'SELECT status FROM tool_calls WHERE tool_id = ?', 'slack.send_message')) as { status: string }[];
  expect(call!.status).toBe('intent');

  await abortAllDurableObjects(); // the crash
  await releaseSlack(channel); // Slack did post it; the answer goes nowhere
  await commit;
  return { author, channel, runId };
}

describe('crash safety', () => {
  it('a side-effecting call whose outcome was lost is never repeated: a person is asked whether it happened', async () => {
    const { author, channel, runId } = await killDuringSend('Sent exactly once');
    const recovered = await drive(runId, author);
    expect(recovered.status).toBe('waiting_for_input');
    const question = recovered.questions.find((q: any) => q.status === 'pending');
    expect(question.prompt).toMatch(/"slack\.send_message" \(external_send\).*will not be repeated automatically/s);
    expect(question.options.map((o: any) => o.value)).toEqual(['happened', 'not_happened', 'abort']);
    expect(recovered.tool_calls.find((c: any) => c.tool_id === 'slack.send_message').status).toBe('unknown');
    expect(await slackMessages(channel)).toHaveLength(1);

    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'happened' } });
    const done = await drive(runId, author);
    expect(done.status).toBe('done');
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(runStub(runId));
    expect(await slackMessages(channel)).toHaveLength(1);
    const audit = await json(await call('GET', `/runs/${runId}/audit`, author));
    expect(audit.verification.ok).toBe(true);
  });

  it('"it did not happen" re-issues the call through the Broker, which asks for a fresh approval', async () => {
    const { author, channel, runId } = await killDuringSend('Retry after confirmation');
    const recovered = await drive(runId, author);
    const question = recovered.questions.find((q: any) => q.status === 'pending');
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'not_happened' } });
    const again = await drive(runId, author);
    expect(again.status).toBe('waiting_for_approval');
    expect(pendingApproval(again).payload.args.text).toBe('Retry after confirmation');
    expect(await slackMessages(channel)).toHaveLength(1);
  });

  it('a read or compute call interrupted the same way is simply run again', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, governedPlaybook([
      { id: 'q', title: 'Query', instruction: 'q', completion_criteria: 'done', allowed_tools: ['sql.local'], actions: [{ id: 'one', tool: 'sql.local', args: { statements: 'SELECT 1 AS one' } }] },
    ])));
    // State after a crash mid-call: the intent is recorded, the result is not.
    await runSql(runId, "INSERT INTO tool_calls (call_id, step_idx, action_idx, tool_id, args, risk, status, started_at) VALUES ('call_lost', 0, 0, 'sql.local', '{}', 'compute', 'intent', ?)", new Date().toISOString());
    await runSql(runId, "UPDATE steps SET status = 'running' WHERE idx = 0");
    await runSql(runId, "UPDATE run SET status = 'running'");
    await abortAllDurableObjects(); // the crash that left this state
    const done = await drive(runId, author);
    expect(done.status).toBe('done');
    expect(done.tool_calls.find((c: any) => c.call_id === 'call_lost').status).toBe('abandoned');
    expect(done.steps[0].outputs.one.rows).toEqual([[1]]);
  });

  it('a write call interrupted the same way is not re-run: a person is asked', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, governedPlaybook([
      { id: 'w', title: 'Write', instruction: 'w', completion_criteria: 'done', allowed_tools: ['kbagent.workspace_artifact'], actions: [{ id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'out.txt', content: 'x' } }] },
    ])));
    await runSql(runId, "INSERT INTO tool_calls (call_id, step_idx, action_idx, tool_id, args, risk, status, started_at) VALUES ('call_lost_write', 0, 0, 'kbagent.workspace_artifact', ?, 'write', 'intent', ?)", JSON.stringify({ path: 'out.txt' }), new Date().toISOString());
    await runSql(runId, "UPDATE steps SET status = 'running' WHERE idx = 0");
    await runSql(runId, "UPDATE run SET status = 'running'");
    await abortAllDurableObjects(); // the crash that left this state
    const asked = await drive(runId, author);
    expect(asked.status).toBe('waiting_for_input');
    expect(asked.tool_calls.find((c: any) => c.call_id === 'call_lost_write').status).toBe('unknown');
    expect(asked.tool_calls.filter((c: any) => c.tool_id === 'kbagent.workspace_artifact')).toHaveLength(1);
    expect(asked.questions[0].prompt).toMatch(/kbagent\.workspace_artifact" \(write\)/);
  });
});

describe('a crash in the middle of a burst of units (issue 12)', () => {
  const ITEMS = Array.from({ length: 300 }, (_, i) => `i${i}`);
  const progress: number[] = [];
  afterAll(() => {
    // The kills must land inside bursts for the test to mean anything: some after a few units, before the last.
    expect(progress.some((n) => n > 0 && n < 2 * ITEMS.length + 1), `calls stored at each kill: ${progress.join(', ')}`).toBe(true);
  });

  // Reads and computes are no longer synced before dispatch: a crash can lose the last units of a
  // burst. Whatever it loses, the run must trust no result it did not store and repeat no write.
  it.each([5, 20, 40, 80, 160])('killed %d ms into the burst: every read runs to one stored result, the write is never repeated automatically', async (delay) => {
    const author = await createTestUser('author');
    // Two long bursts of read units (one log call per item) around one write.
    const logs = (id: string) => scriptedStep(id, [{ id: 'log', tool: 'kbagent.log', for_each: '${{ inputs.items }}', args: { message: `${id} \${{ item }}` } }]);
    const write = scriptedStep('write', [{ id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'out.txt', content: 'written once' } }]);
    const runId = await startRun(author, await createPlaybook(author, governedPlaybook([logs('a'), write, logs('b')], {
      inputs: [{ name: 'items', type: 'list', default: ITEMS }],
    })));

    const burst = runDurableObjectAlarm(runStub(runId)).catch((error: unknown) => error);
    await sleep(delay);
    await abortAllDurableObjects();
    await burst;
    const stored = ((await runSql(runId, "SELECT COUNT(*) AS n FROM tool_calls WHERE status = 'done'")) as { n: number }[])[0]!.n;
    progress.push(stored);

    let run = await drive(runId, author);
    if (run.status === 'waiting_for_input') {
      // The write's intent was on disk but not its result: a person says whether it happened, by looking.
      const question = run.questions.find((q: any) => q.status === 'pending');
      expect(question.prompt).toMatch(/kbagent\.workspace_artifact" \(write\)/);
      const exists = (await call('GET', `/runs/${runId}/artifacts/out.txt`, author)).status === 200;
      await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: exists ? 'happened' : 'not_happened' } });
      run = await drive(runId, author);
    }
    expect(run.status).toBe('done');
    // One stored result per read, for every item of both steps, whatever was lost and re-run.
    const done = run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.log' && c.status === 'done');
    expect(done).toHaveLength(2 * ITEMS.length);
    for (const id of ['a', 'b']) expect(run.steps.find((s: any) => s.id === id).outputs.log.map((o: any) => o.logged)).toEqual(ITEMS.map(() => true));
    // The write was dispatched once by the runtime, never again on its own.
    const dispatches = ((await runSql(runId, "SELECT data FROM audit WHERE kind = 'dispatch'")) as { data: string }[])
      .filter((row) => JSON.parse(row.data).tool_id === 'kbagent.workspace_artifact');
    const asked = run.questions.some((q: any) => q.purpose === undefined && /workspace_artifact/.test(q.prompt));
    expect(dispatches.length).toBeLessThanOrEqual(asked ? 2 : 1);
    expect(await (await call('GET', `/runs/${runId}/artifacts/out.txt`, author)).text()).toBe('written once');
    expect((await json(await call('GET', `/runs/${runId}/audit`, author))).verification.ok).toBe(true);
  });
});
