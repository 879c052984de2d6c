import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { scriptModel } from '../fakes/control';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from './drive';
import { sleep } from '../governance/helpers';

/**
 * Issue 13, truthful time: a run that computes about 1 s (a model turn the fake answers after 1 s)
 * and waits about 3 s for a person reports those as separate numbers — wall clock (running),
 * waiting for people, compute — for the run and for each step, and ${{ run.* }} gives the same.
 * Tolerances are wide: the point is which bucket the time lands in, not how fast the machine is.
 */
describe('time is reported truthfully', () => {
  it('about 1 s running, 3 s waiting: three numbers, in the run, its steps and ${{ run.* }}', async () => {
    const author = await createTestUser('author');
    const model = await scriptModel([{ delay_ms: 1000, tool_calls: [{ tool: 'step.complete', args: { summary: 'thought about it' } }] }]);
    const runId = await startRun(author, await createPlaybook(author, playbookWith([
      { id: 'think', title: 'Think', instruction: 'Think', completion_criteria: 'done', allowed_tools: [] },
      scriptedStep('ask', [{ id: 'go', tool: 'kbagent.human_in_loop', args: { prompt: 'Go on?', kind: 'text' } }]),
      scriptedStep('note', [{ id: 'spent', tool: 'kbagent.workspace_artifact', args: { path: 'time.json', content: { wall: '${{ run.wall_clock_seconds }}', waiting: '${{ run.waiting_seconds }}', compute: '${{ run.compute_seconds }}' } } }]),
    ], { model: { provider: 'openai-compatible', model: model.model('gpt-4o-mini') } })));
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_input');
    await sleep(3000);
    const question = waiting.questions.find((q: any) => q.status === 'pending');
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'yes' } });
    const done = await drive(runId, author);
    expect(done.status).toBe('done');

    const { wall_clock_seconds: wall, waiting_seconds: wait, compute_seconds: compute } = done.cost;
    expect(wall).toBeGreaterThanOrEqual(0.9);
    expect(wall).toBeLessThan(2.5);
    expect(wait).toBeGreaterThanOrEqual(2.9);
    expect(wait).toBeLessThan(4.5);
    expect(compute).toBeGreaterThanOrEqual(0.9);
    expect(compute).toBeLessThanOrEqual(wall + 0.1);
    // The budget view counts the same running time.
    expect(done.budget.wall_clock_seconds).toBe(wall);

    const [think, ask] = done.steps;
    expect(think.compute_seconds).toBeGreaterThanOrEqual(0.9);
    expect(think.waiting_seconds).toBe(0);
    expect(ask.waiting_seconds).toBeGreaterThanOrEqual(2.9);
    expect(ask.wall_clock_seconds).toBeLessThan(1);

    // What a report step reads is the same accounting (as it stood when the step ran).
    const written = await json(await call('GET', `/runs/${runId}/artifacts/time.json`, author));
    expect(Number(written.waiting)).toBeGreaterThanOrEqual(2.9);
    expect(Number(written.wall)).toBeLessThanOrEqual(wall);
  });
});
