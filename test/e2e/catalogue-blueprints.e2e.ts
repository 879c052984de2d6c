/// <reference types="node" />
// Issue 15 in the browser: the catalogue's blueprints run on the sample project with no model.
// Every card can be used; the margin brief is readable; the process map is drawn from
// process/process-map.mmd (its rework edge dotted) and the findings are rendered; the collections
// worklist is readable, and the Slack approval shows the drafted digest before anyone approves it.
// The API drives the runs; the browser shows them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type App, type Tokens } from './app-process';
import { apiCall, openBrowser, signInWith, type Browser } from './browser';
import { parseFlowchart } from '../../ui/lib/mermaid-parse';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const CHANNEL = '#e2e-collections';

type RunDetail = { status: string; questions: { id: string; status: string; rows?: { value: string }[]; options: { value: string }[] }[]; approvals: { id: string; status: string; body_hash: string; tool_id: string; payload: { args: Record<string, any> } }[] };
const api = <T>(method: string, path: string, body?: unknown) => apiCall<T>(baseUrl, tokens.author, method, path, body);

async function settle(runId: string, until: (run: RunDetail) => boolean): Promise<RunDetail> {
  for (let i = 0; i < 200; i++) {
    const run = await api<RunDetail>('GET', `runs/${runId}`);
    if (until(run)) return run;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`run ${runId} did not settle`);
}

async function forkAndStart(blueprint: string, inputs: Record<string, unknown>): Promise<string> {
  const playbook = await api<{ id: string }>('POST', `blueprints/${blueprint}/fork`, { name: blueprint });
  return (await api<{ id: string }>('POST', `playbooks/${playbook.id}/run`, { inputs })).id;
}

async function answer(runId: string, value: string): Promise<void> {
  const run = await settle(runId, (r) => r.status === 'waiting_for_input');
  await api('POST', `runs/${runId}/input`, { question_id: run.questions.find((q) => q.status === 'pending')!.id, answer: value });
}

describe('catalogue blueprints in the browser: process map and collections', () => {
  let author: Browser;

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    author = await openBrowser(baseUrl);
    await signInWith(author.page, tokens.author);
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
  });

  test('a blueprint this installation cannot run: its card says so and its page names what is missing instead of offering a fork', async () => {
    // Every bundled blueprint is available, so the API's readiness is changed on its way to the
    // browser: one blueprint missing a skill, another needing a model for a step.
    const { page } = author;
    const notReady = { available: false, runs_without_model: false, missing_tools: [], missing_skills: ['margin-analysis'], steps_needing_a_model: [] };
    const needsModel = { available: true, runs_without_model: false, missing_tools: [], missing_skills: [], steps_needing_a_model: ['draft-messages'] };
    const patch = (b: any) => (b.id === 'weekly-margin-cockpit' ? { ...b, readiness: notReady } : b.id === 'cash-collection-and-deductions' ? { ...b, readiness: needsModel } : b);
    await page.route(/\/v1\/agent-studio\/blueprints(\/[^/?]+)?(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: Array.isArray(body.blueprints) ? { ...body, blueprints: body.blueprints.map(patch) } : patch(body) });
    });
    try {
      await page.goto('/blueprints');
      const card = (name: string) => page.locator('li.card').filter({ has: page.getByRole('link', { name }) });
      await card('Weekly Margin Cockpit').getByText('not available yet').waitFor();
      expect(await card('Weekly Margin Cockpit').getByText('not available yet').getAttribute('title')).toContain('margin-analysis');
      await card('Cash Collection and Deductions').getByText('needs a model').waitFor();
      expect(await card('Sales Pipeline Process Map').getByText(/not available yet|needs a model/).count()).toBe(0);
      await page.getByRole('link', { name: 'Weekly Margin Cockpit' }).click();
      const note = page.getByRole('note', { name: 'Not available yet' });
      await note.waitFor();
      expect(await note.textContent()).toContain('margin-analysis');
      expect(await page.getByRole('button', { name: '+ use this blueprint' }).count()).toBe(0);
      await author.shot('94-blueprint-not-available');
    } finally {
      await page.unroute(/\/v1\/agent-studio\/blueprints(\/[^/?]+)?(\?.*)?$/);
    }
  });

  test('every card can be used; the margin brief is readable in the run view', async () => {
    const { page } = author;
    await page.goto('/blueprints');
    await page.getByRole('link', { name: 'Weekly Margin Cockpit' }).waitFor();
    expect(await page.getByText('not available yet').count()).toBe(0);

    const runId = await forkAndStart('weekly-margin-cockpit', { slack_channel: '#e2e-margin' });
    // The anomaly grid: every week flagged is classified as expected, through the API.
    const waiting = await settle(runId, (r) => r.status === 'waiting_for_input');
    const question = waiting.questions.find((q) => q.status === 'pending')!;
    await api('POST', `runs/${runId}/input`, { question_id: question.id, answer: question.rows!.map((r) => ({ row: r.value, choice: question.options[0]!.value })) });
    await settle(runId, (r) => r.approvals.some((a) => a.status === 'pending' && a.tool_id === 'slack.send_message'));
    await page.goto(`/runs/${runId}?file=cockpit/brief.md`);
    const brief = page.getByRole('region', { name: 'Preview of cockpit/brief.md' });
    await brief.locator('.report').waitFor();
    const text = (await brief.locator('.report').textContent())!;
    expect(text).toMatch(/Revenue €\d+k, margin €\d+k/);
    expect(text).toMatch(/Pinepath/);
    expect(text.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(220);
    await author.shot('94-margin-brief');
  });

  test('the process map is drawn from the run, rework dotted; the findings are rendered', async () => {
    const runId = await forkAndStart('pipeline-process-map', { as_of: '2026-11-01' });
    await answer(runId, 'use');
    await settle(runId, (r) => r.status === 'done');
    const { page } = author;
    await page.goto(`/runs/${runId}?file=process/process-map.mmd`);
    // A declared output: the results on top of the finished run draw it (issue 16).
    const graph = page.getByRole('region', { name: 'Results' }).getByRole('img', { name: 'process-map.mmd' });
    await graph.waitFor();
    const chart = parseFlowchart(await (await fetch(`${baseUrl}/v1/agent-studio/runs/${runId}/artifacts/process/process-map.mmd`, { headers: { authorization: `Bearer ${tokens.author}` } })).text());
    expect(await graph.locator('.mm-n').count()).toBe(chart.nodes.size);
    expect(await graph.locator('.mm-edge-line').count()).toBe(chart.edges.length);
    expect(await graph.locator('.mm-label').allTextContents()).toEqual(expect.arrayContaining(['Qualification', 'Proposal', 'Negotiation', 'Closed Won']));
    expect(chart.edges.some((e) => e.line === 'dotted')).toBe(true);
    await author.shot('95-process-map');

    await page.goto(`/runs/${runId}?file=process/findings.md`);
    const findings = page.getByRole('region', { name: 'Preview of process/findings.md' });
    await findings.getByRole('heading', { name: 'Bottlenecks and actions' }).waitFor();
    expect(await findings.textContent()).toContain('The worst bottleneck is Negotiation');
    await author.shot('96-process-findings');
    expect(author.problems).toEqual([]);
  });

  test('the collections worklist is readable, and the Slack approval shows the drafted digest', async () => {
    const runId = await forkAndStart('cash-collection-and-deductions', { as_of_date: '2026-11-02', slack_channel: CHANNEL, priority_limit: 10 });
    await answer(runId, 'approve');
    // The two writes, approved through the API; the digest is left for the browser.
    for (let n = 0; n < 2; n++) {
      const run = await settle(runId, (r) => r.approvals.some((a) => a.status === 'pending'));
      const write = run.approvals.find((a) => a.status === 'pending')!;
      expect(write.tool_id).toBe('keboola.storage.write');
      await api('POST', `approvals/${write.id}/approve`, { body_hash: write.body_hash });
      await settle(runId, (r) => r.approvals.find((a) => a.id === write.id)!.status === 'committed');
    }
    const run = await settle(runId, (r) => r.approvals.some((a) => a.status === 'pending' && a.tool_id === 'slack.send_message'));
    const digest = run.approvals.find((a) => a.status === 'pending')!.payload.args.text as string;
    const { page } = author;
    await page.goto(`/runs/${runId}?file=ar/worklist.md`);
    const worklist = page.getByRole('region', { name: 'Preview of ar/worklist.md' });
    await worklist.getByRole('heading', { name: /Collections worklist 2026-11-02/ }).waitFor();
    expect(await worklist.locator('.report').getByRole('listitem').first().textContent()).toMatch(/\(C-\d{4}\): \d+\.\d{2} overdue, [\d.]+ days, score [\d.]+ → \w+ \(/);
    await author.shot('97-collections-worklist');

    await page.goto(`/runs/${runId}`);
    await page.getByRole('button', { name: '⚑ review approval' }).click();
    const dialog = page.getByRole('dialog', { name: `Send Slack message to ${CHANNEL}` });
    await dialog.waitFor();
    expect(JSON.parse((await dialog.getByLabel('Payload').textContent())!)).toMatchObject({ tool_id: 'slack.send_message', args: { channel: CHANNEL, text: digest } });
    // The drafted lines are in front of the approver (as the payload shows them, until issue 16 renders Slack's view).
    const firstAccount = digest.split('\n').find((line) => line.startsWith('• '))!;
    expect(await dialog.textContent()).toContain(firstAccount);
    await author.shot('98-collections-digest-approval');
    expect(author.problems).toEqual([]);
  });
});
