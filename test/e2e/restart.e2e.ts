/// <reference types="node" />
// Acceptance: a run waiting for a person "stays there across a restart of wrangler dev". A second
// app instance with its own state directory is crashed (SIGKILL to the whole process tree) while
// the run waits, started again on the same directory, and the run picks up where it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startApp, type App } from './app-process';

type Question = { id: string; kind: string; prompt: string; status: string; options: { value: string }[]; answer?: unknown };
type RunDetail = { id: string; status: string; questions: Question[]; steps: { id: string; status: string }[] };

const PLAYBOOK = {
  name: 'Restart check',
  sop: {
    goal: 'Wait for a person across a crash of the server',
    steps: [
      {
        id: 'ask',
        title: 'Ask which way',
        instruction: 'Ask the person which way to go.',
        completion_criteria: 'the question is answered',
        allowed_tools: ['kbagent.human_in_loop'],
        actions: [{ id: 'way', tool: 'kbagent.human_in_loop', args: { prompt: 'Which way?', kind: 'radio', options: ['left', 'right'] } }],
      },
      {
        id: 'record',
        title: 'Record the answer',
        instruction: 'Write the answer to the workspace.',
        completion_criteria: 'choice.txt exists',
        allowed_tools: ['kbagent.workspace_artifact'],
        actions: [{ tool: 'kbagent.workspace_artifact', args: { path: 'choice.txt', content: 'went ${{ answers.way }}' } }],
      },
    ],
  },
  budget: { max_usd_per_run: 1 },
};

async function call<T>(app: App, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.baseUrl}/v1/agent-studio/${path}`, {
    method,
    headers: { authorization: `Bearer ${app.tokens.author}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

async function waitForStatus(app: App, runId: string, status: string, timeoutMs = 30_000): Promise<RunDetail> {
  const deadline = Date.now() + timeoutMs;
  let last: RunDetail | undefined;
  while (Date.now() < deadline) {
    const { status: code, body } = await call<RunDetail>(app, 'GET', `runs/${runId}`);
    expect(code).toBe(200);
    last = body;
    if (body.status === status) return body;
    expect(['failed', 'cancelled'], `run ended ${body.status}`).not.toContain(body.status);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`run ${runId} did not reach ${status} within ${timeoutMs} ms (last: ${last?.status})`);
}

describe('a run waiting for input survives a crash of wrangler dev', () => {
  const base = mkdtempSync(join(tmpdir(), 'agent-studio-restart-'));
  const state = { persistDir: join(base, 'state'), devVars: join(base, 'dev.vars') };
  let app: App | undefined;

  afterAll(async () => {
    await app?.stop('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  test('waiting_for_input before the crash, the same question after it, done after the answer', async () => {
    app = await startApp(state);
    const created = await call<{ id: string }>(app, 'POST', 'playbooks', PLAYBOOK);
    expect(created.status).toBe(201);
    const started = await call<{ id: string }>(app, 'POST', `playbooks/${created.body.id}/run`, { inputs: {} });
    expect(started.status).toBe(201);
    const runId = started.body.id;

    const before = await waitForStatus(app, runId, 'waiting_for_input');
    expect(before.questions).toHaveLength(1);
    const question = before.questions[0]!;
    expect(question).toMatchObject({ kind: 'radio', prompt: 'Which way?', status: 'pending' });

    // A crash, not a shutdown: no chance to flush or say goodbye.
    const firstUrl = app.baseUrl;
    await app.stop('SIGKILL');
    await expect(fetch(`${firstUrl}/healthz`)).rejects.toThrow();

    app = await startApp(state);
    const after = await call<RunDetail>(app, 'GET', `runs/${runId}`);
    expect(after.status).toBe(200);
    expect(after.body.status).toBe('waiting_for_input');
    expect(after.body.questions).toEqual(before.questions);
    const inbox = await call<{ items: { id: string; run_id: string }[] }>(app, 'GET', 'inbox');
    expect(inbox.body.items).toContainEqual(expect.objectContaining({ id: question.id, run_id: runId }));

    const answered = await call<RunDetail>(app, 'POST', `runs/${runId}/input`, { question_id: question.id, answer: 'right' });
    expect(answered.status).toBe(200);
    const done = await waitForStatus(app, runId, 'done');
    expect(done.questions[0]).toMatchObject({ id: question.id, status: 'answered', answer: 'right' });
    expect(done.steps.map((s) => s.status)).toEqual(['done', 'done']);
    const file = await call<string>(app, 'GET', `runs/${runId}/artifacts/choice.txt`);
    expect(file).toEqual({ status: 200, body: 'went right' });
  });
});
