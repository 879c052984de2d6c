/**
 * Issue 14, warehouse scale: the data-cleanup Playbook on Keboola tables larger than the run's
 * threshold compares in the workspace. The Query Service fake runs the SQL in DuckDB standing in
 * for Snowflake (test/fakes/duckdb-warehouse.ts); everything of ours runs for real. The sample CRM
 * (2,714 rows in three tables) is loaded into a fake project; with `pushdown_rows` lowered to
 * 1,000 the resolve step pushes blocking and comparison down and gets only the matched pairs
 * back, and its golden records and cluster map equal those of the same Playbook compared in the
 * run (the default threshold, 200,000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import salesforce from '../../sample/in.c-salesforce/contacts.csv?raw';
import hubspot from '../../sample/in.c-hubspot/contacts.csv?raw';
import zendesk from '../../sample/in.c-zendesk/users.csv?raw';
import { HttpKeboolaBackend } from '../../src/connections/keboola/http-backend';
import { fakesUrl } from '../fakes/control';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { fakeClient, keboolaProject, keboolaRequests, useKeboola, type FakeKeboola } from '../keboola/fake';
import { approveAndCommit, pendingApproval } from '../governance/helpers';
import { drive, startRun } from '../run/drive';

const TABLES = { 'in.c-crm.salesforce': salesforce, 'in.c-crm.hubspot': hubspot, 'in.c-crm.zendesk': zendesk };
const ROWS = Object.values(TABLES).reduce((n, csv) => n + Papa.parse(csv, { header: true, skipEmptyLines: 'greedy' }).data.length, 0);
/** Two Playbook runs on 2,714 rows (one to its report), DuckDB included: ~2 min beside other files. */
const TIMEOUT = 300_000;

async function warehouse(method: 'POST' | 'DELETE', project: FakeKeboola): Promise<void> {
  const response = await fetch(`${fakesUrl()}/__control/keboola/warehouse${method === 'DELETE' ? `?token=${project.token}` : ''}`, {
    method,
    ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: project.token }) } : {}),
  });
  if (!response.ok) throw new Error(`warehouse ${method}: ${response.status} ${await response.text()}`);
}

/** Every statement the project's Query Service received, in order. */
async function statements(project: FakeKeboola): Promise<string[]> {
  const response = await fetch(`${fakesUrl()}/__control/keboola/queries?token=${project.token}`);
  return ((await response.json()) as string[][]).flat();
}

async function artifact(user: TestUser, runId: string, path: string): Promise<string> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('data cleanup for AI above the pushdown threshold', () => {
  let project: FakeKeboola;
  let user: TestUser;

  beforeAll(async () => {
    project = await keboolaProject();
    const backend = new HttpKeboolaBackend(fakeClient(project));
    for (const [id, csv] of Object.entries(TABLES)) await backend.importCsv(id, csv, { incremental: false });
    await warehouse('POST', project);
    await useKeboola(await createTestUser('admin'), project);
    user = await createTestUser('author');
  });
  afterAll(async () => {
    if (project) await warehouse('DELETE', project);
  });

  /** The forked Playbook run to its first promotion approval: resolution done, nothing written yet. */
  async function resolveOnce(pushdownRows?: number, rules?: string[]): Promise<any> {
    const forked = await call('POST', '/blueprints/data-cleanup-for-ai/fork', user, { json: { name: `Customer 360 (${pushdownRows ?? 'default'})` } });
    expect(forked.status).toBe(201);
    const runId = await startRun(user, (await json(forked)).id, { source_tables: Object.keys(TABLES), ...(pushdownRows === undefined ? {} : { pushdown_rows: pushdownRows }) });
    const waiting = await drive(runId, user);
    expect(waiting.status, JSON.stringify(waiting.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
    const question = waiting.questions.find((q: any) => q.status === 'pending');
    const recommended: string[] = waiting.steps.find((s: any) => s.id === 'propose-rules').outputs.proposals.recommended;
    const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: rules ?? recommended } });
    expect(answered.status, await answered.clone().text()).toBe(200);
    const run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_approval');
    return { ...run, answered: rules ?? recommended };
  }

  it('pushes blocking and comparison down, moves only pairs, and resolves exactly as the run would', async () => {
    // 1. Above the (lowered) threshold: the SQL goes to the workspace, pairs come back.
    const exportsBefore = (await keboolaRequests(project, 'export')).length;
    const pushed = await resolveOnce(1_000);
    const resolve = pushed.steps.find((s: any) => s.id === 'resolve').outputs;
    expect(resolve.pairs).toMatchObject({ where: 'warehouse', rows: ROWS, threshold: 1_000, pairs: 'er/pairs.csv' });
    expect(resolve.pairs.reason).toBe(`${ROWS.toLocaleString('en')} rows in the source tables, threshold 1,000: blocking and comparison pushed down to the Keboola workspace, only matched pairs come back`);
    const sent = await statements(project);
    const query = sent.find((sql) => sql.includes('JAROWINKLER_SIMILARITY'));
    expect(query, 'the rules ran as Snowflake SQL in the workspace').toBeDefined();
    expect(query).toMatch(/FROM "er_forms_[A-Za-z0-9_]+"/);
    expect(sent.filter((sql) => sql.startsWith('INSERT INTO "er_forms_')).length).toBe(Math.ceil(ROWS / 1_000));
    expect(sent.at(-1)).toMatch(/^DROP TABLE IF EXISTS "er_forms_/);
    // The evidence steps read at most the threshold's rows: the first 333 of each source (HubSpot's 1,107 profiled on its first 1,000).
    const steps = Object.fromEntries(pushed.steps.map((s: any) => [s.id, s.outputs]));
    const profiles = steps.profile.profile.map((p: any) => [p.rows, p.sample?.of_rows ?? null]);
    expect(profiles).toEqual([[885, null], [1_000, 1_107], [722, null]]);
    for (const output of [steps['detect-overlap'].overlap, steps['propose-rules'].proposals]) {
      expect(output.sample).toMatchObject({ rows: 999, rows_per_source: 333, of_rows: ROWS });
      expect(output.rows).toBe(999);
    }
    expect(steps['propose-rules'].proposals.question.prompt).toContain(`counts from a sample of 999 of ${ROWS} rows`);
    // Nothing read a source table through the Query Service, and only the profile step exported them (once each).
    expect(sent.filter((sql) => /"in\.c-crm"\./.test(sql))).toEqual([]);
    expect((await keboolaRequests(project, 'export')).length - exportsBefore).toBe(Object.keys(TABLES).length);
    // Rows moved: every record's forms up, the matched pairs down — far fewer than the records, and every one used.
    expect(resolve.pairs.rows_moved.forms_up).toBe(ROWS);
    expect(resolve.pairs.rows_moved.pairs_down).toBeGreaterThan(100);
    expect(resolve.pairs.rows_moved.pairs_down).toBeLessThan(ROWS);
    expect(resolve.resolve.stats.matchedPairs).toBe(resolve.pairs.rows_moved.pairs_down);
    expect(resolve.resolve.stats.comparedPairs).toBe(0); // the run compared nothing itself

    // 2. The same data at the default threshold: compared in the run, no SQL sent.
    // The rules the person chose from the sample's proposals, applied to the same data compared in the run.
    const inRun = await resolveOnce(undefined, pushed.answered);
    const local = inRun.steps.find((s: any) => s.id === 'resolve').outputs;
    for (const s of inRun.steps.filter((s: any) => ['profile', 'detect-overlap', 'propose-rules'].includes(s.id))) {
      for (const output of [s.outputs.profile ?? [], s.outputs.overlap, s.outputs.proposals].flat().filter(Boolean)) expect(output.sample, s.id).toBeNull();
    }
    expect(local.pairs).toMatchObject({ where: 'run', rows: ROWS, threshold: 200_000, pairs: null });
    expect(await statements(project)).toHaveLength(sent.length);
    expect(local.resolve.stats.comparedPairs).toBeGreaterThan(local.resolve.stats.matchedPairs);

    // 3. Same matches, same entities, same golden records.
    expect(resolve.resolve.stats).toMatchObject({ matchedPairs: local.resolve.stats.matchedPairs, matchesByRule: local.resolve.stats.matchesByRule, clusters: local.resolve.stats.clusters });
    for (const path of ['er/cluster_map.csv', 'er/golden.csv']) {
      const [a, b] = [await artifact(user, pushed.id, path), await artifact(user, inRun.id, path)];
      expect(a.split('\n').length, path).toBeGreaterThan(1_000);
      expect(a === b, `${path} differs between the pushed-down and the in-run resolution`).toBe(true);
    }

    // 4. The pushed-down run goes on to its report, which says where the comparison ran and what moved.
    let run = pushed;
    // drive() can hand back a run between two loops under load ("running", not yet re-armed): drive it on.
    for (let settle = 0; run.status === 'waiting_for_approval' || (run.status === 'running' && settle < 5); settle++) {
      run = run.status === 'running' ? await drive(run.id, user) : await approveAndCommit(user, run.id, pendingApproval(run));
    }
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
    const report = await artifact(user, run.id, 'report.md');
    expect(report).toContain(`- Where: ${resolve.pairs.reason}`);
    expect(report).toContain(`- Rows moved: ${ROWS} comparison forms up to the workspace, ${resolve.pairs.rows_moved.pairs_down} matched pairs back`);
    expect(report).not.toContain('Candidate pairs compared');
    expect(report).toContain(`- Profile of in.c-crm.hubspot: a sample (1,107 rows, more than sample_rows 1,000: profiled the first 1,000; candidate keys are distinct in them)`);
    const sampled = `${ROWS.toLocaleString('en')} rows in the sources, more than the pushdown threshold 1,000: read the first 333 rows of each source`;
    expect(report).toContain(`- Overlap: a sample (${sampled})`);
    expect(report).toContain(`- Rule proposals: a sample (${sampled}); the chosen rules were then applied to every row`);
  }, TIMEOUT);
});
