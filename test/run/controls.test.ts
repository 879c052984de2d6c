import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, runStub, scriptedStep, startRun } from './drive';

const logs = (n: number) => Array.from({ length: n }, (_, i) => ({ tool: 'kbagent.log', args: { message: `unit ${i}` } }));

/**
 * A step of more units than one alarm runs (units run until a time budget is used, then the loop
 * re-arms): one log call per item of a 300-item list.
 */
const ITEMS = Array.from({ length: 300 }, (_, i) => `item ${i}`);
function longPlaybook(extraSteps: unknown[] = []) {
  return playbookWith(
    [scriptedStep('a', [{ id: 'each', tool: 'kbagent.log', for_each: '${{ inputs.items }}', args: { message: '${{ item }}' } }]), ...extraSteps],
    { inputs: [{ name: 'items', type: 'list', default: ITEMS }] },
  );
}

async function control(user: TestUser, runId: string, action: string) {
  return call('POST', `/runs/${runId}/${action}`, user);
}

describe('pause, resume, cancel', () => {
  it('pause and resume a queued run', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', logs(2))])));
    const paused = await control(author, runId, 'pause');
    expect(paused.status).toBe(200);
    expect(await json(paused)).toMatchObject({ status: 'blocked', paused: true });
    expect((await drive(runId, author)).status).toBe('blocked');
    expect((await control(author, runId, 'pause')).status).toBe(409);
    expect((await json(await control(author, runId, 'resume'))).status).toBe('running');
    expect((await drive(runId, author)).status).toBe('done');
  });

  it('pause a running run between units; nothing advances until resume', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, longPlaybook()));
    await runDurableObjectAlarm(runStub(runId));
    const before = await json(await control(author, runId, 'pause'));
    expect(before.status).toBe('blocked');
    const cursor = before.tool_calls.length;
    await runDurableObjectAlarm(runStub(runId));
    const still = await json(await call('GET', `/runs/${runId}`, author));
    expect(still.tool_calls.length).toBe(cursor);
    await control(author, runId, 'resume');
    const done = await drive(runId, author);
    expect(done.status).toBe('done');
    expect(done.tool_calls.filter((c: any) => c.status === 'done')).toHaveLength(ITEMS.length);
  });

  it('pause a run waiting for input; the answer is kept and the run waits for resume', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('ask', [{ tool: 'kbagent.human_in_loop', args: { prompt: 'ok?', kind: 'text' } }]),
    ])));
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_input');
    expect((await json(await control(author, runId, 'pause'))).status).toBe('blocked');
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: waiting.questions[0].id, answer: 'yes' } });
    expect((await drive(runId, author)).status).toBe('blocked');
    await control(author, runId, 'resume');
    expect((await drive(runId, author)).status).toBe('done');
  });

  it('resume of a paused run still waiting puts it back to waiting_for_input', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('ask', [{ tool: 'kbagent.human_in_loop', args: { prompt: 'ok?', kind: 'text' } }]),
    ])));
    await drive(runId, author);
    await control(author, runId, 'pause');
    expect((await json(await control(author, runId, 'resume'))).status).toBe('waiting_for_input');
  });

  it('a model step with no provider is blocked with the missing setting named; resume retries', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith(
      [{ id: 'think', title: 'Think', instruction: 'Think hard', completion_criteria: 'thought', allowed_tools: [] }],
      { model: { provider: 'workers-ai' } },
    )));
    const blocked = await drive(runId, author);
    expect(blocked.status).toBe('blocked');
    expect(blocked.status_reason).toMatch(/AI/);
    expect((await json(await control(author, runId, 'resume'))).status).toBe('running');
    expect((await drive(runId, author)).status).toBe('blocked');
    expect((await json(await control(author, runId, 'cancel'))).status).toBe('cancelled');
  });

  it('cancel works from queued, running and waiting; terminal runs refuse every control with 409', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, longPlaybook([
      scriptedStep('ask', [{ tool: 'kbagent.human_in_loop', args: { prompt: 'ok?', kind: 'text' } }]),
    ]));
    const queued = await startRun(author, playbookId);
    expect((await json(await control(author, queued, 'cancel'))).status).toBe('cancelled');

    const running = await startRun(author, playbookId);
    await runDurableObjectAlarm(runStub(running));
    expect((await json(await call('GET', `/runs/${running}`, author))).status).toBe('running');
    expect((await json(await control(author, running, 'cancel'))).status).toBe('cancelled');
    await runDurableObjectAlarm(runStub(running));
    expect((await json(await call('GET', `/runs/${running}`, author))).status).toBe('cancelled');

    const waiting = await startRun(author, playbookId);
    expect((await drive(waiting, author)).status).toBe('waiting_for_input');
    const cancelled = await json(await control(author, waiting, 'cancel'));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.questions[0].status).toBe('cancelled');
    expect(cancelled.steps.find((s: any) => s.id === 'ask').status).toBe('cancelled');
    expect(cancelled.tool_calls.find((c: any) => c.tool_id === 'kbagent.human_in_loop').status).toBe('abandoned');
    expect((await json(await call('GET', '/inbox', author))).items.filter((i: any) => i.run_id === waiting)).toHaveLength(0);

    for (const action of ['pause', 'resume', 'cancel']) {
      const res = await control(author, waiting, action);
      expect(res.status).toBe(409);
      expect((await json(res)).error.code).toBe('conflict');
    }
    const done = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', logs(1))])));
    expect((await drive(done, author)).status).toBe('done');
    for (const action of ['pause', 'resume', 'cancel']) expect((await control(author, done, action)).status).toBe(409);
  });

  it('resume of a run that is not paused is a 409', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', logs(2))])));
    expect((await control(author, runId, 'resume')).status).toBe(409);
  });
});
