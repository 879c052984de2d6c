/// <reference types="node" />
/**
 * Issue 17, item 3: the example Keboola component (examples/keboola-component/) against the real
 * app (wrangler dev, started by the global setup) and a fake Keboola Storage in this process that
 * speaks Storage's shapes (test/fakes/keboola*.ts: files/prepare, the Azure blob upload,
 * tables-async, storage jobs). An admin creates a service account limited to one Playbook; the
 * component, given only that token, starts the run, waits for it, reads its CSV and writes it into
 * a Storage table. The run names the service account as its principal; once the account is
 * revoked, the component is refused.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { keboolaRoutes } from '../fakes/keboola';
import { createProject, type FakeProject } from '../fakes/keboola-project';
import { startFakeServer, type RunningFakes } from '../fakes/server';
import { nodeBinary } from './app-process';
import { apiCall, freshAuthor } from './browser';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const COMPONENT = join(root, 'examples/keboola-component/component.mjs');

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');

/** A Playbook that runs without a model: one SQL step whose result, shaped by the input, is saved as a CSV. */
const PLAYBOOK = {
  name: 'Regional summary for Keboola',
  inputs: [{ name: 'region', type: 'choice', options: ['north', 'south'], required: true }],
  sop: {
    goal: 'Summarise a region',
    steps: [{
      id: 'summarise', title: 'Summarise', instruction: 'Summarise the region', completion_criteria: 'saved',
      allowed_tools: ['sql.local'],
      actions: [{ tool: 'sql.local', args: { statements: "SELECT '${{ inputs.region }}' AS region, 42 AS amount UNION ALL SELECT '${{ inputs.region }}', 58", save_as: 'out/summary.csv' } }],
    }],
  },
  budget: { max_usd_per_run: 1 },
};

let fakes: RunningFakes;
let project: FakeProject;
let playbookId: string;
let account: { id: string };
let token: string;

type Exit = { code: number | null; stdout: string; stderr: string };

function runComponent(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary(), [COMPONENT], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const componentEnv = () => ({
  AGENT_STUDIO_URL: baseUrl, AGENT_STUDIO_TOKEN: token, PLAYBOOK_ID: playbookId, PLAYBOOK_INPUTS: JSON.stringify({ region: 'north' }),
  KBC_URL: `${fakes.url}/keboola`, KBC_TOKEN: project.token, KBC_BUCKET: 'out.c-agent-studio', RUN_TIMEOUT_SECONDS: '120',
});

beforeAll(async () => {
  fakes = await startFakeServer(keboolaRoutes);
  project = createProject(`kbc-e2e-${crypto.randomUUID()}`);
  const author = await freshAuthor(baseUrl, tokens.admin, 'keboola-component');
  playbookId = (await apiCall<{ id: string }>(baseUrl, author, 'POST', 'playbooks', PLAYBOOK)).id;
  const issued = await apiCall<{ token: string; service_account: { id: string } }>(baseUrl, tokens.admin, 'POST', 'service-accounts', {
    name: 'Keboola component (e2e)', role: 'runner', playbooks: [playbookId], expires_in_days: 1,
  });
  token = issued.token;
  account = issued.service_account;
});

afterAll(async () => {
  await fakes?.close();
});

describe('the example Keboola component', () => {
  it('runs the Playbook with a service-account token and writes its CSV into a Keboola Storage table', async () => {
    const exit = await runComponent(componentEnv());
    expect(exit.code, `${exit.stdout}\n${exit.stderr}`).toBe(0);
    expect(exit.stdout).toContain('wrote out/summary.csv → out.c-agent-studio.summary');

    const table = project.tables.get('out.c-agent-studio.summary');
    expect(table).toMatchObject({ columns: ['region', 'amount'], rows: [['north', '42'], ['north', '58']] });
    // The real Storage flow, in order: the file prepared, uploaded to the cloud it named, then loaded by a job.
    const routes = project.requests.map((r) => r.route);
    expect(routes.indexOf('prepare')).toBeLessThan(routes.indexOf('upload'));
    expect(routes.indexOf('upload')).toBeLessThan(routes.indexOf('create-table'));
    expect(routes).toContain('storage-job');

    // The run, as an admin sees it, was started by the service account.
    const runId = /started run (\S+)/.exec(exit.stdout)![1]!;
    const run = await apiCall<{ created_by: string; created_by_kind: string; status: string }>(baseUrl, tokens.admin, 'GET', `runs/${runId}`);
    expect(run).toMatchObject({ status: 'done', created_by: account.id, created_by_kind: 'service_account' });
    const log = await apiCall<{ entries: { principal_kind: string; path: string }[] }>(baseUrl, tokens.admin, 'GET', `request-log?principal_id=${account.id}`);
    expect(log.entries).toContainEqual(expect.objectContaining({ principal_kind: 'service_account', path: `/v1/agent-studio/playbooks/${playbookId}/run` }));
  });

  it('a second run imports into the existing table (a full load, not a second create)', async () => {
    const exit = await runComponent({ ...componentEnv(), PLAYBOOK_INPUTS: JSON.stringify({ region: 'south' }) });
    expect(exit.code, `${exit.stdout}\n${exit.stderr}`).toBe(0);
    expect(project.tables.get('out.c-agent-studio.summary')?.rows).toEqual([['south', '42'], ['south', '58']]);
    expect(project.requests.map((r) => r.route)).toContain('import');
  });

  it('once the service account is revoked the component is refused (401) and writes nothing', async () => {
    const before = project.requests.length;
    const revoked = await fetch(`${baseUrl}/v1/agent-studio/service-accounts/${account.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(revoked.status).toBe(204);
    const exit = await runComponent(componentEnv());
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/answered 401/);
    expect(project.requests.length).toBe(before);
  });
});
