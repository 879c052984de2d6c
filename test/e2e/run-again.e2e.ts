/// <reference types="node" />
// Issue 13 in the browser: run again, retry from a step, fork at a step, and truthful time. A
// Playbook logs, asks a person for a factor, thinks (a model turn a local fake answers after 1 s),
// computes (expression) × factor with sql.local and loads the choice into the sample project.
// Job #1 fails at "compute" on a bad expression; its step list offers "retry from here" there, the
// dialog shows Job #1's inputs (a bad value is refused on its field), and the retry — with the
// expression fixed — opens with a banner naming and linking Job #1. Forking that retry at the
// question asks it again, and the fork's load waits, held, in its banner. "Run again" on the done
// retry starts from the top; it waits ~3 s for the answer, and the header's three numbers are the
// API's: ≈1 s ran, ≈3 s waited. It starts its own app, whose env points the OpenAI-compatible
// client at the fake.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort, startApp, type App, type Tokens } from './app-process';
import { apiCall, openBrowser, signInWith, type Browser } from './browser';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const THINK_MS = 1000;
const TABLE = 'out.c-e2e-again.values';

const step = (id: string, title: string, tool: string, args: Record<string, unknown>, actionId?: string) => ({
  id, title, instruction: `${title}.`, completion_criteria: 'done', allowed_tools: [tool], actions: [{ ...(actionId ? { id: actionId } : {}), tool, args }],
});

const PLAYBOOK = {
  name: 'E2E Again',
  sop: {
    goal: 'Compute a value with a factor a person picks and load it',
    steps: [
      step('prepare', 'Announce the run', 'kbagent.log', { message: 'Computing ${{ inputs.expression }} for ${{ inputs.period }}' }),
      step('ask', 'Ask for the factor', 'kbagent.human_in_loop', { prompt: 'Which factor?', kind: 'radio', options: [{ value: '2', label: 'Twice' }, { value: '3', label: 'Thrice' }] }, 'factor'),
      { id: 'think', title: 'Think it over', instruction: 'Think about it.', completion_criteria: 'done', allowed_tools: [] },
      step('compute', 'Compute the value', 'sql.local', { statements: 'SELECT (${{ inputs.expression }}) * ${{ answers.factor }} * ${{ inputs.repeat }} AS value', save_as: 'value.csv' }, 'value'),
      // What a person gave, not the query's rows: sql.local's output counts as untrusted, and a write of it would need an approval in every run.
      step('publish', 'Load the choice', 'keboola.storage.write', { table_id: TABLE, csv: 'expression,factor\n${{ inputs.expression }},${{ answers.factor }}\n', incremental: true }),
    ],
  },
  inputs: [
    { name: 'expression', type: 'string', label: 'Expression', required: true },
    { name: 'period', type: 'period', label: 'Period (YYYY-MM)', required: true, options_from: { table: 'in.c-finance.gl_costs', column: 'period' } },
    { name: 'repeat', type: 'integer', label: 'Repeat', default: 1, min: 1, max: 5 },
  ],
  model: { provider: 'openai-compatible', model: 'e2e-thinker' },
  budget: { max_usd_per_run: 1 },
};

/** An OpenAI-compatible endpoint that answers every turn after THINK_MS by completing the step. */
async function slowModel(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const tools = (JSON.parse(body || '{}').tools ?? []) as { function: { name: string } }[];
      const complete = tools.map((t) => t.function.name).find((n) => n.startsWith('step__complete')) ?? 'step__complete';
      const message = { role: 'assistant', content: null, tool_calls: [{ id: `call_${Date.now()}`, type: 'function', function: { name: complete, arguments: '{"summary":"thought it over"}' } }] };
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ model: 'e2e-thinker', choices: [{ message, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 10, completion_tokens: 5 } }));
      }, THINK_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

type Step = { id: string; status: string; outputs: Record<string, any>; wall_clock_seconds: number; waiting_seconds: number; compute_seconds: number };
type Approval = { id: string; status: string; title: string; reason?: string; dry_run_result?: unknown };
type Run = {
  id: string; number: number; status: string; inputs: Record<string, unknown>; steps: Step[]; approvals: Approval[];
  questions: { id: string; status: string }[];
  origin?: { mode: string; run_id: string; from_step: number; step_id: string };
  cost: { wall_clock_seconds: number; waiting_seconds: number; compute_seconds: number };
};

const api = <T>(method: string, path: string, body?: unknown) => apiCall<T>(baseUrl, tokens.author, method, path, body);

const run = (id: string) => api<Run>('GET', `runs/${id}`);
const runStatus = async (id: string) => (await run(id)).status;

const signIn = (page: Page) => signInWith(page, tokens.author);

const headerStatus = (page: Page) => page.locator('.page-header .run-status .status').textContent();
const headerTimes = (page: Page) => page.locator('.page-header .run-times').textContent();
const stepRows = (page: Page) => page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
const runIdOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;
/** The API's three numbers as the header (or, shorter, the step list) words them; all under 10 s here: tenths, as the API gives them. */
const timesText = (t: Run['cost'], waited = 'waited for people') => `ran ${t.wall_clock_seconds} s · ${waited} ${t.waiting_seconds} s · compute ${t.compute_seconds} s`;
const stepTimes = (t: Run['cost']) => timesText(t, 'waited');

/** Answers the run's question in the browser, as a person would. */
async function answer(page: Page, label: string): Promise<void> {
  const question = page.getByRole('log', { name: 'Run events' }).locator('.question-card.pending');
  await question.getByRole('radio', { name: new RegExp(label) }).check();
  await question.getByRole('button', { name: '✓ send answer' }).click();
}

describe('run again, retry from a step, fork at a step; the three numbers of time', () => {
  let author: Browser;
  let model: Server;
  let dir = '';
  let playbookId = '';
  let failedId = '';
  let retryId = '';

  beforeAll(async () => {
    const port = await freePort();
    model = await slowModel(port);
    dir = mkdtempSync(join(tmpdir(), 'agent-studio-again-'));
    const devVars = join(dir, 'dev.vars');
    writeFileSync(devVars, `OPENAI_BASE_URL=http://127.0.0.1:${port}/v1\nOPENAI_API_KEY=e2e-key\n`);
    app = await startApp({ devVars });
    ({ baseUrl, tokens } = app);
    playbookId = (await api<{ id: string }>('POST', 'playbooks', PLAYBOOK)).id;
    author = await openBrowser(baseUrl);
    await signIn(author.page);
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
    model?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a failed run: retry from the failed step with an edited input, the 422 on its field first', async () => {
    const { page } = author;
    failedId = (await api<Run>('POST', `playbooks/${playbookId}/run`, { inputs: { expression: 'no_such_fn(1)', period: '2026-09' } })).id;
    await expect.poll(() => runStatus(failedId)).toBe('waiting_for_input');
    const question = (await run(failedId)).questions.find((q) => q.status === 'pending')!;
    await api('POST', `runs/${failedId}/input`, { question_id: question.id, answer: '2' });
    await expect.poll(() => runStatus(failedId), { timeout: 30_000 }).toBe('failed');

    await page.goto(`/runs/${failedId}`);
    await expect.poll(() => headerStatus(page)).toBe('failed');
    // Retry is offered up to the step that failed, never past it; fork wherever the run could start.
    const rows = stepRows(page);
    const retryAt = async (i: number) => rows.nth(i).getByRole('button', { name: '↻ retry from here' }).count();
    expect(await Promise.all([0, 1, 2, 3, 4].map(retryAt))).toEqual([1, 1, 1, 1, 0]);
    expect(await rows.nth(4).getByRole('button', { name: '⎇ fork here' }).count()).toBe(0);
    await page.getByRole('log', { name: 'Run events' }).getByText('status → failed').waitFor();
    await author.shot('100-again-failed-run');

    await rows.nth(3).getByRole('button', { name: '↻ retry from here' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry from step 4 · Compute the value' });
    await dialog.waitFor();
    // The fields start from Job #1's values; the period picker keeps its older period, not the newest.
    expect(await dialog.getByLabel(/Expression/).inputValue()).toBe('no_such_fn(1)');
    await page.locator('.field:has(#input-period)[data-options="ready"]').waitFor();
    expect(await dialog.locator('#input-period').inputValue()).toBe('2026-09');
    expect(await dialog.locator('#input-period option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['2026-10', '2026-09']);

    await dialog.getByLabel(/Expression/).fill('6 * 7');
    await dialog.getByLabel(/Repeat/).fill('9');
    await dialog.getByRole('button', { name: '↻ retry from here' }).click();
    await dialog.locator('#input-repeat-error').waitFor();
    expect(await dialog.locator('#input-repeat-error').textContent()).toBe('Repeat must be at most 5 (got 9)');
    expect(await dialog.getByRole('alert').textContent()).toContain('1 input needs attention · the new run did not start');
    expect(await api<{ runs: unknown[] }>('GET', `runs?playbook_id=${playbookId}`).then((r) => r.runs.length)).toBe(1);
    await author.shot('101-again-retry-dialog-422');

    await dialog.getByLabel(/Repeat/).fill('1');
    await dialog.getByRole('button', { name: '↻ retry from here' }).click();
    await expect.poll(() => runIdOf(page)).not.toBe(failedId);
    retryId = runIdOf(page);
    const banner = page.getByRole('region', { name: 'Retry' });
    await banner.getByRole('link', { name: 'Job #1' }).waitFor();
    expect(await banner.locator('strong').textContent()).toBe('↻ Retry of Job #1 from step 4');
    expect(await banner.getByRole('link', { name: 'Job #1' }).getAttribute('href')).toBe(`/runs/${failedId}`);
    await expect.poll(() => headerStatus(page), { timeout: 30_000 }).toBe('done');

    const retried = await run(retryId);
    expect(retried.origin).toEqual({ mode: 'retry', run_id: failedId, from_step: 3, step_id: 'compute' });
    expect(retried.inputs).toMatchObject({ expression: '6 * 7', period: '2026-09', repeat: 1 });
    expect(retried.steps.find((s) => s.id === 'compute')!.outputs.value.rows).toEqual([[84]]);
    // The steps before it are Job #1's record (no time of their own); the rest carry their own numbers.
    expect(await rows.nth(1).locator('.run-step-meta').textContent()).toContain("from the parent run's record");
    await expect.poll(() => rows.nth(3).locator('.step-times').textContent()).toBe(stepTimes(retried.steps[3]!));
    await author.shot('102-again-retry-banner');

    await banner.getByRole('link', { name: 'Job #1' }).click();
    await page.getByRole('heading', { name: 'Job #1 · Revision 1', level: 1 }).waitFor();
    expect(runIdOf(page)).toBe(failedId);
    expect(author.problems).toEqual([]);
  });

  test('fork the retry at the question: a banner linking its parent, the question asked again, the load held', async () => {
    const { page } = author;
    await page.goto(`/runs/${retryId}`);
    await expect.poll(() => headerStatus(page)).toBe('done');
    const rows = stepRows(page);
    // A done run is retried nowhere; it can be forked at any step.
    expect(await page.getByRole('button', { name: '↻ retry from here' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '⎇ fork here' }).count()).toBe(5);
    await rows.nth(1).getByRole('button', { name: '⎇ fork here' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fork at step 2 · Ask for the factor' });
    await dialog.waitFor();
    expect(await dialog.getByLabel(/Expression/).inputValue()).toBe('6 * 7');
    await author.shot('103-again-fork-dialog');
    await dialog.getByRole('button', { name: '⎇ fork' }).click();

    await expect.poll(() => runIdOf(page)).not.toBe(retryId);
    const forkId = runIdOf(page);
    const banner = page.getByRole('region', { name: 'Fork' });
    await banner.getByRole('link', { name: 'Job #2' }).waitFor();
    expect(await banner.locator('strong').textContent()).toBe('⎇ Fork of Job #2 at step 2');
    expect(await banner.getByRole('link', { name: 'Job #2' }).getAttribute('href')).toBe(`/runs/${retryId}`);
    expect(await banner.textContent()).toContain('nothing is written or sent until a person approves it as new');

    // "What if I had answered differently": the question is asked again.
    await expect.poll(() => headerStatus(page)).toBe('waiting for input');
    await answer(page, 'Thrice');
    const held = banner.getByRole('list', { name: 'Held writes' }).getByRole('listitem');
    await held.first().waitFor({ timeout: 30_000 });
    const forked = await run(forkId);
    expect(forked.origin).toEqual({ mode: 'fork', run_id: retryId, from_step: 1, step_id: 'ask' });
    expect(forked.steps.find((s) => s.id === 'compute')!.outputs.value.rows).toEqual([[126]]);
    const approval = forked.approvals.find((a) => a.status === 'pending')!;
    expect(approval.reason).toContain('fork');
    expect(await held.count()).toBe(1);
    expect(await held.first().locator('.pill').textContent()).toBe('held');
    expect(await held.first().textContent()).toContain(approval.title);
    await author.shot('104-again-fork-banner-held-write');

    await held.first().getByRole('button', { name: 'review' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('approval')).toBe(approval.id);
    expect(author.problems).toEqual([]);
  });

  test('run again from an ended run: the header follows the stream, and its three numbers are the API\'s', async () => {
    const { page } = author;
    await page.goto(`/runs/${retryId}`);
    await expect.poll(() => headerStatus(page)).toBe('done');
    await page.getByRole('button', { name: '↻ run again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run again · Job #2' });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: /revision 1, as Job #2 ran it/ }).isChecked()).toBe(true);
    expect(await dialog.getByLabel(/Expression/).inputValue()).toBe('6 * 7');
    await author.shot('105-again-run-again-dialog');
    await dialog.getByRole('button', { name: '▶ run again' }).click();

    await expect.poll(() => runIdOf(page)).not.toBe(retryId);
    const againId = runIdOf(page);
    await page.getByRole('heading', { name: 'Job #4 · Revision 1', level: 1 }).waitFor();
    await expect.poll(() => headerStatus(page)).toBe('waiting for input');
    expect(await page.getByRole('region', { name: /^(Retry|Fork)$/ }).count()).toBe(0);
    await page.waitForTimeout(3000);
    await answer(page, 'Twice');
    // The stream says running as soon as the answer is taken (the model turn then takes 1 s): the header too.
    await expect.poll(() => headerStatus(page), { interval: 50 }).toBe('running');
    await expect.poll(() => headerStatus(page), { timeout: 30_000 }).toBe('done');

    const done = await run(againId);
    expect(done.origin).toBeUndefined();
    expect(done.cost.wall_clock_seconds).toBeGreaterThanOrEqual(0.9);
    expect(done.cost.wall_clock_seconds).toBeLessThan(2.5);
    expect(done.cost.waiting_seconds).toBeGreaterThanOrEqual(2.9);
    expect(done.cost.waiting_seconds).toBeLessThan(4.5);
    expect(done.cost.compute_seconds).toBeGreaterThanOrEqual(0.9);
    await expect.poll(() => headerTimes(page)).toBe(timesText(done.cost));
    // Per step the same: the question's wait is its own, the model turn is the thinking step's compute.
    const rows = stepRows(page);
    await expect.poll(() => rows.nth(1).locator('.step-times').textContent()).toBe(stepTimes(done.steps[1]!));
    await expect.poll(() => rows.nth(2).locator('.step-times').textContent()).toBe(stepTimes(done.steps[2]!));
    expect(done.steps[1]!.waiting_seconds).toBeGreaterThanOrEqual(2.9);
    expect(done.steps[2]!.compute_seconds).toBeGreaterThanOrEqual(0.9);
    await author.shot('106-again-run-again-times');
    expect(author.problems).toEqual([]);
  });
});
