import { abortAllDurableObjects, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTestUser } from '../helpers';
import { scriptModel } from '../fakes/control';
import { createPlaybook, drive, playbookWith, runStub, startRun } from './drive';
import { sleep } from '../governance/helpers';

/**
 * Issue 13: a run interrupted mid-unit carries on within 2 s of its object waking — by the next
 * request or by its own watchdog — not after a 30 s watchdog.
 */
describe('resuming after the runtime dies mid-unit', () => {
  it('the next request wakes the object and the unit runs again at once', async () => {
    const author = await createTestUser('author');
    const model = await scriptModel([
      { delay_ms: 1500, tool_calls: [{ tool: 'step.complete', args: { summary: 'lost' } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'again' } }] },
    ]);
    const runId = await startRun(author, await createPlaybook(author, playbookWith(
      [{ id: 'think', title: 'Think', instruction: 'Think', completion_criteria: 'done', allowed_tools: [] }],
      { model: { provider: 'openai-compatible', model: model.model('gpt-4o-mini') } },
    )));
    const unit = runDurableObjectAlarm(runStub(runId)).catch((error: unknown) => error);
    for (let i = 0; i < 50 && (await model.requests()).length === 0; i++) await sleep(20);
    await abortAllDurableObjects(); // the model turn is lost with the runtime
    await unit;

    const woke = Date.now();
    await call('GET', `/runs/${runId}`, author);
    for (let i = 0; i < 100 && (await model.requests()).length < 2; i++) await sleep(20);
    expect((await model.requests()).length).toBe(2);
    expect(Date.now() - woke).toBeLessThan(2000);
    expect((await drive(runId, author)).status).toBe('done');
  });
});
