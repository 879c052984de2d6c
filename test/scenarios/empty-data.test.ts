/**
 * Issue 13, "Guards on emptiness", at run level: each running blueprint, run through the API with
 * no model on a table or period with no rows, ends in a failure that names what is empty and what
 * does exist — never `ok`, never a question over nothing, never a write.
 *
 * Data cleanup runs on the fake Keboola (test/keboola/fake.ts) with its CRM tables emptied. The
 * cost allocation runs on the built-in sample project, as the controller hand-off does: its SQL
 * needs a workspace that runs SQL, which the fake's Query Service does not. Cash collection runs on
 * the sample too: no open invoice at the as-of date fails; a week with open invoices but no cash
 * received is a real day's work, so it goes to the lead's review, whose question says that no cash
 * was applied and which remittance dates exist — it never reports a reconciliation over nothing.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import originalRemittances from '../../sample/in.c-bank/remittances.csv?raw';
import originalOpenItems from '../../sample/in.c-erp/ar_open_items.csv?raw';
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

describe('cash collection and deductions on a ledger or an as-of date with no rows', () => {
  const OPEN_ITEMS = 'in.c-erp.ar_open_items';
  const REMITTANCES = 'in.c-bank.remittances';
  const sample = () => sampleBackend({ env } as unknown as ToolContext);
  const header = (csv: string) => `${csv.split('\n')[0]}\n`;
  let author: TestUser;

  beforeEach(async () => {
    await useSampleProject();
    author = await createTestUser('author');
  });
  // Each test that empties a sample table puts it back, so the order of tests does not matter.
  afterEach(async () => {
    await sample().importCsv(OPEN_ITEMS, originalOpenItems, { incremental: false });
    await sample().importCsv(REMITTANCES, originalRemittances, { incremental: false });
  });

  async function runCollections(asOf: string): Promise<{ run: any; channel: string }> {
    const forked = await call('POST', '/blueprints/cash-collection-and-deductions/fork', author, { json: { name: 'Collections on empty data' } });
    expect(forked.status).toBe(201);
    const channel = uniqueChannel('ar-empty');
    const bucket = `out.c-empty-${crypto.randomUUID().slice(0, 8)}`;
    const run = await drive(await startRun(author, (await json(forked)).id, { as_of_date: asOf, slack_channel: channel, target_bucket: bucket }), author);
    return { run, channel };
  }

  /** Refused while loading: no aging, no cash application, no worklist, nothing sent or written. */
  async function expectRefusedAtLoad(asOf: string, message: RegExp): Promise<any> {
    const { run, channel } = await runCollections(asOf);
    expectStoppedAt(run, 'load-receivables', message);
    const artifacts = await artifactPaths(author, run.id);
    for (const path of ['ar/aging.md', 'ar/cash-application.json', 'ar/worklist.md', 'ar/review.json']) expect(artifacts).not.toContain(path);
    expect(run.tool_calls.filter((c: any) => ['keboola.storage.write', 'slack.send_message'].includes(c.tool_id))).toEqual([]);
    expect(await slackMessages(channel)).toEqual([]);
    return run;
  }

  it('the open-items table has its columns but no rows: loading fails naming the export and its columns', async () => {
    await sample().importCsv(OPEN_ITEMS, header(originalOpenItems), { incremental: false });
    const run = await expectRefusedAtLoad('2026-11-02', /skill\.collections-triage\.aging: "exports\/ar_open_items\.csv" has no rows, only its header \(invoice_id, customer_id, invoice_date, due_date, amount, open_amount, unit_price, list_price\): there are no open invoices to age or collect/);
    // The exports themselves worked: the table is there with zero rows.
    expect(run.steps[0].outputs.open_items).toMatchObject({ table_id: OPEN_ITEMS, row_count: 0 });
  }, TIMEOUT);

  it('an as-of date before every invoice (a year off): loading fails naming the issue dates and the as-of dates that have open items', async () => {
    await expectRefusedAtLoad('2025-11-02', /"exports\/ar_open_items\.csv" has no invoice open on 2025-11-02: its 292 open invoices of 40 customers were issued from 2026-03-23 to 2026-11-01; as-of dates with open items: 2026-03-23 or later$/);
  }, TIMEOUT);

  it.each([
    ['no remittance received in the week before the as-of date', '2026-12-14', undefined,
      'No remittances received from 2026-12-07 to 2026-12-13 in "exports/remittances.csv": no cash was applied and nothing was reconciled; remittance dates present (60 lines): '
      + '20 dates from 2026-06-21 to 2026-11-01, the latest 2026-09-24, 2026-10-10, 2026-10-13, 2026-10-15, 2026-10-18, 2026-10-25, 2026-10-26, 2026-10-27, 2026-10-28, 2026-10-29, 2026-10-30, 2026-11-01'],
    ['the remittances table has its columns but no rows', '2026-11-02', header(originalRemittances),
      'No remittances received from 2026-10-26 to 2026-11-01 in "exports/remittances.csv": no cash was applied and nothing was reconciled; the file has no rows, only its header (remittance_id, customer_id, received_date, amount, reference, memo_code, memo_text)'],
  ])('%s: open invoices are still ranked, but nothing reconciles and the lead is told no cash was applied before anything is written or sent', async (_case, asOf, remittances, message) => {
    if (remittances !== undefined) await sample().importCsv(REMITTANCES, remittances, { incremental: false });
    const { run, channel } = await runCollections(asOf);
    expect(run.status, steps(run)).toBe('waiting_for_input');
    const cash = run.steps.find((s: any) => s.id === 'apply-cash').outputs.cash;
    expect(cash).toMatchObject({ remittances: 0, no_remittances: true, message, deductions_found: 0 });
    expect(cash.totals).toEqual({ remitted: 0, applied: 0, unapplied: 0, deducted: 0, reconciles: null });
    const written = JSON.parse(await (await call('GET', `/runs/${run.id}/artifacts/ar/cash-application.json`, author)).text());
    expect(written).toMatchObject({ no_remittances: true, message, totals: { reconciles: null } });
    // The one question is the lead's review, and it opens with what was not done.
    const pending = run.questions.filter((q: any) => q.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(pending[0].prompt.split('\n')[0]).toBe(`No cash applied today. ${message}`);
    expect(run.steps.find((s: any) => s.id === 'prioritize').outputs.worklist).toMatchObject({ no_cash_applied: true });
    expect(run.approvals).toEqual([]);
    expect(run.tool_calls.filter((c: any) => ['keboola.storage.write', 'slack.send_message'].includes(c.tool_id))).toEqual([]);
    expect(await slackMessages(channel)).toEqual([]);
  }, TIMEOUT);
});
