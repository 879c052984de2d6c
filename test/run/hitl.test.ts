import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from './drive';
import { readFrames } from './sse';

function askingPlaybook() {
  return playbookWith([
    scriptedStep('ask', [{ id: 'pick', tool: 'kbagent.human_in_loop', args: { prompt: 'Which rule?', kind: 'radio', options: ['strict', 'loose'] } }]),
    scriptedStep('use', [{ id: 'echo', tool: 'kbagent.workspace_artifact', args: { path: 'choice.txt', content: 'chosen: ${{ answers.pick }}' } }]),
  ]);
}

describe('human in the loop', () => {
  it('waits for input across a restart, resumes on the answer, refuses a second answer and strangers', async () => {
    const author = await createTestUser('author');
    const stranger = await createTestUser('runner');
    const playbookId = await createPlaybook(author, askingPlaybook());
    const runId = await startRun(author, playbookId);

    let run = await drive(runId, author);
    expect(run.status).toBe('waiting_for_input');
    const question = run.questions[0];
    expect(question).toMatchObject({ status: 'pending', kind: 'radio', prompt: 'Which rule?' });
    expect((await json(await call('GET', '/inbox', author))).items.map((i: any) => i.id)).toContain(question.id);

    // Kill every Durable Object; the run comes back from storage still waiting, with no alarm needed.
    await abortAllDurableObjects();
    run = await json(await call('GET', `/runs/${runId}`, author));
    expect(run.status).toBe('waiting_for_input');

    expect((await call('POST', `/runs/${runId}/input`, stranger, { json: { question_id: question.id, answer: 'strict' } })).status).toBe(404);
    const wrong = await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'medium' } });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.message).toMatch(/strict, loose/);

    const answered = await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'loose' } });
    expect(answered.status).toBe(200);
    const again = await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'strict' } });
    expect(again.status).toBe(409);

    run = await drive(runId, author);
    expect(run.status).toBe('done');
    expect(run.questions[0]).toMatchObject({ status: 'answered', answer: 'loose', answered_by: author.id });
    expect(await (await call('GET', `/runs/${runId}/artifacts/choice.txt`, author)).text()).toBe('chosen: loose');
    expect((await json(await call('GET', '/inbox', author))).items.map((i: any) => i.id)).not.toContain(question.id);
  });

  it('stores a file answer in the workspace', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('upload', [{ id: 'file', tool: 'kbagent.human_in_loop', args: { prompt: 'Upload the mapping', kind: 'file' } }]),
    ]));
    const runId = await startRun(author, playbookId);
    const run = await drive(runId, author);
    const res = await call('POST', `/runs/${runId}/input`, author, {
      json: { question_id: run.questions[0].id, file: { name: 'mapping.csv', content_base64: btoa('a,b\n1,2\n') } },
    });
    expect(res.status).toBe(200);
    expect(await (await call('GET', `/runs/${runId}/artifacts/uploads/mapping.csv`, author)).text()).toBe('a,b\n1,2\n');
    expect((await drive(runId, author)).steps[0].outputs.file).toMatchObject({ path: 'uploads/mapping.csv' });
  });
});

describe('live events', () => {
  it('replays exactly the missed events, in order, to a client reconnecting with Last-Event-ID', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, askingPlaybook());
    const runId = await startRun(author, playbookId);
    const waiting = await drive(runId, author);

    const first = await readFrames(await call('GET', `/runs/${runId}/events`, author), (f) => f.length >= 3);
    const lastSeen = first[2]!.id!;
    expect(first.map((f) => f.id)).toEqual([1, 2, 3]);

    // While disconnected: the answer and the rest of the run.
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: waiting.questions[0].id, answer: 'strict' } });
    expect((await drive(runId, author)).status).toBe('done');

    const res = await call('GET', `/runs/${runId}/events`, author, {});
    const replayReq = await import('cloudflare:workers').then(({ exports }) =>
      exports.default.fetch(new Request(`http://studio.test/v1/agent-studio/runs/${runId}/events`, { headers: { authorization: `Bearer ${author.token}`, 'last-event-id': String(lastSeen) } })),
    );
    await res.body?.cancel();
    const rest = await readFrames(replayReq, (f) => f.some((x) => x.event === 'end'));
    const ids = rest.filter((f) => f.id !== undefined).map((f) => f.id!);
    expect(ids[0]).toBe(lastSeen + 1);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    const all = await readFrames(await call('GET', `/runs/${runId}/events`, author), (f) => f.some((x) => x.event === 'end'));
    const allIds = all.filter((f) => f.id !== undefined).map((f) => f.id!);
    expect([...first.map((f) => f.id!), ...ids]).toEqual(allIds);
    expect(rest.find((f) => f.data?.type === 'question_answered')).toBeTruthy();
  });

  it('streams new events to a connected client as they happen', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, askingPlaybook());
    const runId = await startRun(author, playbookId);
    const waiting = await drive(runId, author);
    const stream = await call('GET', `/runs/${runId}/events`, author);
    const reading = readFrames(stream, (f) => f.some((x) => x.event === 'end'));
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: waiting.questions[0].id, answer: 'strict' } });
    await drive(runId, author);
    const frames = await reading;
    const types = frames.filter((f) => f.data?.type).map((f) => f.data.type);
    expect(types).toContain('question_answered');
    expect(types).toContain('run_completed');
  });

  it('gives 404 for the stream of a run you cannot see', async () => {
    const author = await createTestUser('author');
    const stranger = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, askingPlaybook()));
    expect((await call('GET', `/runs/${runId}/events`, stranger)).status).toBe(404);
    expect((await call('GET', `/runs/${runId}`, stranger)).status).toBe(404);
    expect((await call('GET', `/runs/${runId}/artifacts`, stranger)).status).toBe(404);
    expect((await call('GET', `/runs/run_doesnotexist`, author)).status).toBe(404);
  });
});
