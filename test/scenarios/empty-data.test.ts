/**
 * Issue 13, "Guards on emptiness", at run level: each running blueprint, run through the API with
 * no model on a table or period with no rows, ends in a failure that names what is empty and what
 * does exist — never `ok`, never a question over nothing, never a write.
 *
 * Data cleanup runs on the fake Keboola (test/keboola/fake.ts) with its CRM tables emptied. The
 * cost allocation runs on the built-in sample project, as the controller hand-off does: its SQL
 * needs a workspace that runs SQL, which the fake's Query Service does not.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import originalDrivers from '../../sample/in.c-finance/allocation_drivers.csv?raw';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import type { ToolContext } from '../../src/tools/types';
import { slackMessages, uniqueChannel } from '../fakes/control';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { keboolaProject, keboolaRequests, replaceKeboolaRows, useKeboola, type FakeKeboola } from '../keboola/fake';
import { drive, startRun } from '../run/drive';
import { WORKBOOK, authorSql, forkWithSql, useSampleProject } from './controller-handoff-helpers';

const TIMEOUT = 60_000;
const SOURCES = ['in.c-salesforce.contacts', 'in.c-hubspot.contacts', 'in.c-zendesk.users'];
/** Every request by which something could reach the project's Storage. */
const WRITE_ROUTES = ['prepare', 'upload', 'import', 'create-table', 'create-bucket'];

const steps = (run: any) => JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]));

/** Nothing after the failed step ran, nobody was asked or asked to approve, nothing passed as fine. */
function expectStoppedAt(run: any, stepId: string, error: RegExp): void {
  expect(run.status, steps(run)).toBe('failed');
  expect(run.status_reason).toMatch(new RegExp(`^Step "${stepId}" failed: `));
  expect(run.status_reason).toMatch(error);
  const at = run.steps.findIndex((s: any) => s.id === stepId);
  expect(run.steps[at]).toMatchObject({ status: 'failed', error: expect.stringMatching(error) });
  expect(run.steps.slice(at + 1).map((s: any) => s.status)).toEqual(run.steps.slice(at + 1).map(() => 'pending'));
  expect(run.questions).toEqual([]);
  expect(run.approvals).toEqual([]);
}

async function artifactPaths(user: TestUser, runId: string): Promise<string[]> {
  return (await json(await call('GET', `/runs/${runId}/artifacts`, user))).artifacts.map((a: any) => a.path);
}

describe('data cleanup for AI on CRM tables with no rows', () => {
  let user: TestUser;
  let project: FakeKeboola;

  beforeEach(async () => {
    project = await keboolaProject();
    await useKeboola(await createTestUser('admin'), project);
    user = await createTestUser('author');
  });

  /** Forks the blueprint with its default inputs (the three CRM sources), runs it and drives it until it settles. */
  async function runCleanup(): Promise<any> {
    const forked = await call('POST', '/blueprints/data-cleanup-for-ai/fork', user, { json: { name: 'Customer 360 on empty data' } });
    expect(forked.status).toBe(201);
    return drive(await startRun(user, (await json(forked)).id), user);
  }

  /** The run's requests that could write, against those made before it (the emptying imports). */
  async function writesDuring(act: () => Promise<any>): Promise<{ run: any; writes: unknown[] }> {
    const before = (await keboolaRequests(project)).length;
    const run = await act();
    const writes = (await keboolaRequests(project)).slice(before).filter((r) => WRITE_ROUTES.includes(r.route));
    return { run, writes };
  }

  async function expectNothingResolved(run: any): Promise<void> {
    const artifacts = await artifactPaths(user, run.id);
    for (const path of ['er/golden.csv', 'er/cluster_map.csv', 'report.md', 'lineage.json']) expect(artifacts).not.toContain(path);
  }

  it('every source table has its columns but no rows: the profile step fails naming the table and its columns; nothing is asked or written', async () => {
    for (const table of SOURCES) await replaceKeboolaRows(project, table);
    expect(await keboolaRequests(project, 'import')).toHaveLength(3); // the emptying loads: the route a promotion would use
    const { run, writes } = await writesDuring(runCleanup);

    expectStoppedAt(run, 'profile', /skill\.data-quality-profiling\.profile: "exports\/in\.c-salesforce\.contacts\.csv" has no rows, only its header \(id, name, email, company\): there is nothing to profile/);
    // The exports themselves worked: the tables are there, with zero rows each.
    expect(run.steps[0].outputs.export.map((e: any) => [e.table_id, e.row_count])).toEqual(SOURCES.map((t) => [t, 0]));
    expect(writes).toEqual([]);
    await expectNothingResolved(run);
  });

  it('one source empty among sources with rows: the failure names that table, after profiling the ones that have rows', async () => {
    await replaceKeboolaRows(project, 'in.c-zendesk.users');
    const { run, writes } = await writesDuring(runCleanup);

    expectStoppedAt(run, 'profile', /"exports\/in\.c-zendesk\.users\.csv" has no rows, only its header \(id, name, email\)/);
    expect(run.status_reason).not.toMatch(/salesforce|hubspot/);
    expect(run.steps[0].outputs.profile.map((p: any) => [p.artifact, p.rows])).toEqual([['exports/in.c-salesforce.contacts.csv', 3], ['exports/in.c-hubspot.contacts.csv', 2]]);
    expect(writes).toEqual([]);
    await expectNothingResolved(run);
  });

  it('a table whose rows are all blank (Storage counts them, none holds a value) fails the same way, saying how many were blank', async () => {
    await replaceKeboolaRows(project, 'in.c-hubspot.contacts', [['', '', ''], ['', '', '']]);
    const { run, writes } = await writesDuring(runCleanup);

    expectStoppedAt(run, 'profile', /"exports\/in\.c-hubspot\.contacts\.csv" has no rows with a value \(2 blank\), only its header \(vid, full_name, email\)/);
    expect(run.steps[0].outputs.export.find((e: any) => e.table_id === 'in.c-hubspot.contacts').row_count).toBe(2);
    expect(writes).toEqual([]);
    await expectNothingResolved(run);
  });
});

describe('product cost allocation on a period or table with no rows', () => {
  const DRIVERS = 'in.c-finance.allocation_drivers';
  const sample = () => sampleBackend({ env } as unknown as ToolContext);
  const nothingFor = (parts: string) => new RegExp(`skill\\.cost-allocation-runner\\.check_allocation: Nothing to reconcile for ${parts}; periods with costs: 2026-09, 2026-10$`);
  const noAllocation = (period: string) => `${period} \\(no allocation rows in allocation/result\\.csv\\)`;
  let author: TestUser;

  beforeEach(async () => {
    await useSampleProject();
    author = await createTestUser('author');
  });
  // Each test that narrows the sample's drivers puts them back, so the order of tests does not matter.
  afterEach(async () => {
    await sample().importCsv(DRIVERS, originalDrivers, { incremental: false });
  });

  async function start(playbookId: string, inputs: Record<string, unknown>): Promise<Response> {
    return call('POST', `/playbooks/${playbookId}/run`, author, { json: { inputs: { slack_channel: uniqueChannel('empty'), ...inputs } } });
  }

  /** Runs until it settles and checks the reconciliation refused it: no checks artifact, no workbook, no question, no Slack post. */
  async function expectRefusedAtReconcile(playbookId: string, inputs: Record<string, unknown>, message: RegExp): Promise<any> {
    const res = await start(playbookId, inputs);
    expect(res.status, await res.clone().text()).toBe(201);
    const { id, inputs: { slack_channel: channel } } = await json(res);
    const run = await drive(id, author);
    expectStoppedAt(run, 'reconcile', message);
    expect(run.steps[0].status).toBe('done'); // the allocation SQL ran; it is the check that refuses its result
    const artifacts = await artifactPaths(author, id);
    expect(artifacts).toContain('allocation/result.csv');
    // No reconciliation result at all, so nothing anywhere says ok with a difference of 0.
    for (const path of ['reconciliation/checks.json', 'variances/flagged.json', WORKBOOK, 'reports/summary.md']) expect(artifacts).not.toContain(path);
    const events = await (await call('GET', `/runs/${id}/events`, author)).text();
    expect(events).not.toContain('"type":"allocation_checked"');
    expect(await slackMessages(channel)).toEqual([]);
    return run;
  }

  it('a period (or prior period) without cost rows is refused at start with a 422 naming the periods present; no run is created', async () => {
    const fork = await forkWithSql(author, 'Allocation, wrong month', authorSql());
    const runs = async () => (await json(await call('GET', `/runs?playbook_id=${fork.id}`, author))).runs.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ period: '2025-09' }, 'inputs.period'],
      [{ period: '2026-10', prior_period: '2025-10' }, 'inputs.prior_period'],
    ];
    for (const [inputs, path] of cases) {
      const res = await start(fork.id, inputs);
      expect(res.status).toBe(422);
      const { error } = await json(res);
      expect(error.code).toBe('validation_failed');
      const month = Object.values(inputs).at(-1);
      expect(error.details.issues).toEqual([{ path, message: `no rows for ${month} in in.c-finance.gl_costs; periods present: 2026-09, 2026-10` }]);
    }
    expect(await runs()).toBe(0);
  }, TIMEOUT);

  it('the first month with prior "previous": the month before has no rows anywhere, and the reconciliation says so instead of passing it at 0', async () => {
    const fork = await forkWithSql(author, 'Allocation, first month', authorSql());
    await expectRefusedAtReconcile(fork.id, { period: '2026-09' }, nothingFor('2026-08 \\(no cost rows in allocation/gl_costs\\.csv\\)'));
  }, TIMEOUT);

  it.each([
    ['allocation_drivers has no rows for the period, gl_costs has', (csv: string) => csv.split('\n').filter((line) => !line.startsWith('2026-10,')).join('\n'), noAllocation('2026-10')],
    ['allocation_drivers has its columns and no rows at all', (csv: string) => `${csv.split('\n')[0]}\n`, `${noAllocation('2026-09')}, ${noAllocation('2026-10')}`],
  ])('%s: the run fails at the reconciliation naming the periods without allocation and those with costs', async (_case, narrow, parts) => {
    await sample().importCsv(DRIVERS, narrow(originalDrivers), { incremental: false });
    const fork = await forkWithSql(author, 'Allocation on thin drivers', authorSql());
    await expectRefusedAtReconcile(fork.id, { period: '2026-10' }, nothingFor(parts));
  }, TIMEOUT);

  it("the author's SQL filters every row out: both periods come back empty and the run fails naming them", async () => {
    const fork = await forkWithSql(author, 'Allocation that filters everything', authorSql('AND 1 = 0'));
    const run = await expectRefusedAtReconcile(fork.id, { period: '2026-10' }, nothingFor(`${noAllocation('2026-09')}, ${noAllocation('2026-10')}`));
    expect([run.steps[0].outputs.current.row_count, run.steps[0].outputs.prior.row_count]).toEqual([0, 0]);
  }, TIMEOUT);
});
