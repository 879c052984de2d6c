import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { scriptModel } from '../fakes/control';
import { createPlaybook, drive, startRun } from '../run/drive';
import { approveAndCommit, pendingApproval, sleep } from './helpers';
import { readFrames } from '../run/sse';

const thinkStep = { id: 'think', title: 'Think', instruction: 'Summarise', completion_criteria: 'summarised', allowed_tools: [] };

async function modelRun(budget: Record<string, unknown>) {
  const author = await createTestUser('author');
  const scenario = await scriptModel([{ tool_calls: [{ tool: 'step.complete', args: { summary: 'ok' } }], usage: { input_tokens: 500, output_tokens: 20 } }]);
  const runId = await startRun(author, await createPlaybook(author, {
    name: 'Budgeted', sop: { goal: 'g', steps: [thinkStep] }, budget, model: { provider: 'anthropic', model: scenario.model('claude-sonnet-4-5') },
  }));
  return { author, scenario, runId };
}

describe('budget enforcement', () => {
  it('pauses for a raise-budget approval before the call that would exceed a $0.01 cap; approving continues', async () => {
    const { author, scenario, runId } = await modelRun({ max_usd_per_run: 0.01 });
    const paused = await drive(runId, author);
    expect(paused.status).toBe('waiting_for_approval');
    expect(await scenario.requests()).toHaveLength(0); // refused before the call, not after
    const raise = pendingApproval(paused);
    expect(raise).toMatchObject({ kind: 'budget', tool_id: 'budget.raise' });
    expect(raise.payload.new_budget.max_usd_per_run).toBeGreaterThan(0.01);
    expect(raise.title).toMatch(/Raise the run's budget by \d+%/);
    // The run is still live, so read the stream only until the event appears.
    const frames = await readFrames(await call('GET', `/runs/${runId}/events`, author), (f) => f.some((x) => x.data?.type === 'budget_breached'));
    expect(frames.some((f) => f.data?.type === 'budget_breached')).toBe(true);

    const done = await approveAndCommit(author, runId, raise);
    expect(done.status).toBe('done');
    expect(done.budget.max_usd).toBe(raise.payload.new_budget.max_usd_per_run);
    expect(done.budget.spent_usd).toBeGreaterThan(0);
    expect(done.budget.spent_usd).toBeLessThanOrEqual(done.budget.max_usd);
    expect(await scenario.requests()).toHaveLength(1);
  });

  it('with on_breach abort the run ends failed with budget_breached and the model is never called', async () => {
    const { author, scenario, runId } = await modelRun({ max_usd_per_run: 0.01, on_breach: 'abort' });
    const run = await drive(runId, author);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/^budget_breached/);
    expect(await scenario.requests()).toHaveLength(0);
    const events = await (await call('GET', `/runs/${runId}/events`, author)).text();
    const breach = events.split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6))).find((e) => e.type === 'budget_breached');
    expect(breach.data).toMatchObject({ on_breach: 'abort' });
  });

  it('rejecting the raise ends the run failed with budget_breached', async () => {
    const { author, runId } = await modelRun({ max_usd_per_run: 0.01 });
    const raise = pendingApproval(await drive(runId, author));
    await call('POST', `/approvals/${raise.id}/reject`, author, { json: { comment: 'no more money' } });
    const run = await drive(runId, author);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/budget_breached/);
  });

  it('a token cap is enforced the same way', async () => {
    const { author, scenario, runId } = await modelRun({ max_tokens_per_run: 1000, on_breach: 'abort' });
    const run = await drive(runId, author);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/tokens/);
    expect(await scenario.requests()).toHaveLength(0);
  });

  it('time spent waiting for a person does not count against wall-clock', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, {
      name: 'Patient', sop: { goal: 'g', steps: [
        { id: 'ask', title: 'Ask', instruction: 'ask', completion_criteria: 'answered', allowed_tools: ['kbagent.human_in_loop'], actions: [{ tool: 'kbagent.human_in_loop', args: { prompt: 'ok?', kind: 'text' } }] },
        { id: 'after', title: 'After', instruction: 'log', completion_criteria: 'logged', allowed_tools: ['kbagent.log'], actions: [{ tool: 'kbagent.log', args: { message: 'after the wait' } }] },
      ] },
      budget: { max_usd_per_run: 1, max_wall_clock_seconds: 1, on_breach: 'abort' },
    }));
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_input');
    await sleep(1500); // longer than the whole wall-clock budget, spent waiting
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: waiting.questions[0].id, answer: 'yes' } });
    const done = await drive(runId, author);
    expect(done.status).toBe('done');
    expect(done.budget.wall_clock_seconds).toBeLessThan(1);
  });

  it('streams the remaining budget after each model turn', async () => {
    const { author, runId } = await modelRun({ max_usd_per_run: 5 });
    expect((await drive(runId, author)).status).toBe('done');
    const events = (await (await call('GET', `/runs/${runId}/events`, author)).text()).split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
    const budget = events.find((e) => e.type === 'budget');
    expect(budget.data.remaining_usd).toBeLessThan(5);
    expect(budget.data.max_usd).toBe(5);
    const detail = await json(await call('GET', `/runs/${runId}`, author));
    expect(detail.budget.remaining_usd).toBeCloseTo(5 - detail.budget.spent_usd, 10);
  });
});
