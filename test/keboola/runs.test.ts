/**
 * Issue 5, acceptance 1 (runs): the Keboola tools inside real Playbook runs (scripted actions,
 * through the Broker) against the fake Keboola — read, export to the workspace, write with its
 * dry run first and one import only, SQL with paging, a job run, and a refused token that the run
 * reports plainly and handles per on_failure.
 */
import { describe, expect, it } from 'vitest';
import { approveAndCommit, pendingApproval, runSql } from '../governance/helpers';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { failKeboola, keboolaProject, keboolaRequests, keboolaTable, revokeKeboola, useKeboola, type FakeKeboola } from './fake';

async function setup(): Promise<{ author: TestUser; project: FakeKeboola }> {
  const admin = await createTestUser('admin');
  const project = await keboolaProject();
  await useKeboola(admin, project);
  return { author: await createTestUser('author'), project };
}

async function run(author: TestUser, steps: unknown[]): Promise<any> {
  return drive(await startRun(author, await createPlaybook(author, playbookWith(steps))), author);
}

async function artifact(author: TestUser, runId: string, path: string): Promise<string> {
  const response = await call('GET', `/runs/${runId}/artifacts/${path}`, author);
  expect(response.status).toBe(200);
  return response.text();
}

describe('Keboola tools in runs', () => {
  it('lists, previews and exports tables; the export lands in the workspace with its header', async () => {
    const { author, project } = await setup();
    const done = await run(author, [
      scriptedStep('read', [
        { id: 'list', tool: 'keboola.storage.tables', args: { action: 'list', bucket_id: 'in.c-salesforce' } },
        { id: 'peek', tool: 'keboola.storage.tables', args: { action: 'preview', table_id: 'in.c-salesforce.contacts', limit: 2, save_as: 'peek.csv' } },
        { id: 'all', tool: 'keboola.storage.tables', args: { action: 'export', table_id: 'in.c-salesforce.contacts' } },
      ]),
    ]);
    expect(done.status).toBe('done');
    const { list, peek, all } = done.steps[0].outputs;
    expect(list).toMatchObject({ backend: 'keboola', tables: [{ id: 'in.c-salesforce.contacts', columns: ['id', 'name', 'email', 'company'], rows_count: 3 }] });
    expect(peek).toMatchObject({ table_id: 'in.c-salesforce.contacts', row_count: 2, columns: ['id', 'name', 'email', 'company'], saved_as: 'peek.csv' });
    expect(all).toMatchObject({ row_count: 3, saved_as: 'keboola/in.c-salesforce.contacts.csv' });
    const exported = await artifact(author, done.id, 'keboola/in.c-salesforce.contacts.csv');
    expect(exported.split('\n')[0]).toBe('"id","name","email","company"');
    expect(exported).toContain('"Bletchley, ""Hut 8"""');
    expect((await keboolaRequests(project, 'storage-job')).length).toBeGreaterThanOrEqual(2);
    // Storage rows are outside data: the run is marked as having taken in untrusted content.
    expect(done.tainted).toBe(true);
  });

  it('exports a sliced table into the workspace, streamed slice by slice, whole and with its header', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject({ sliced_tables: ['in.c-salesforce.contacts'] });
    await useKeboola(admin, project);
    const author = await createTestUser('author');
    const done = await run(author, [scriptedStep('read', [{ id: 'all', tool: 'keboola.storage.tables', args: { action: 'export', table_id: 'in.c-salesforce.contacts' } }])]);
    expect(done.status).toBe('done');
    expect(done.steps[0].outputs.all).toMatchObject({ row_count: 3, columns: ['id', 'name', 'email', 'company'] });
    expect(done.steps[0].outputs.all.head).toContain('Alan Turing');
    const exported = await artifact(author, done.id, 'keboola/in.c-salesforce.contacts.csv');
    expect(exported.split('\n').filter(Boolean)).toEqual([
      '"id","name","email","company"',
      '"003A1","Ada Lovelace","ada@example.com","Analytical Engines"',
      '"003A2","Grace Hopper","grace@example.com","Navy"',
      '"003A3","Alan Turing","alan@example.com","Bletchley, ""Hut 8"""',
    ]);
    expect(await keboolaRequests(project, 'download-slice')).toHaveLength(2);
  });

  it('writes with the dry run first (what would happen, nothing written), then imports once', async () => {
    const { author, project } = await setup();
    const csv = 'vid,full_name,email\n3,Mary Jackson,mj@example.com\n4,Dorothy Vaughan,dv@example.com\n';
    const done = await run(author, [
      scriptedStep('load', [{ id: 'write', tool: 'keboola.storage.write', args: { table_id: 'in.c-hubspot.contacts', csv, incremental: true } }]),
    ]);
    expect(done.status).toBe('done');
    const [dryRun] = (await runSql(done.id, "SELECT data FROM events WHERE type = 'dry_run'")) as { data: string }[];
    expect(JSON.parse(dryRun!.data).result).toEqual({
      dry_run: true,
      would: { table_id: 'in.c-hubspot.contacts', action: 'import', rows: 2, columns: ['vid', 'full_name', 'email'], primary_key: ['vid'], incremental: true, new_columns: [], current_rows: 2 },
      // What the approver sees of the content: personal data flagged and masked.
      preview: {
        pii_columns: [{ column: 'full_name', kind: 'name', by: 'name' }, { column: 'email', kind: 'email', by: 'values' }],
        sample: [{ vid: '3', full_name: 'M***', email: 'm***@example.com' }, { vid: '4', full_name: 'D***', email: 'd***@example.com' }],
        // Against the table as it is (rows 1 and 2): both rows are new, nothing changes or goes.
        diff: { compared_by: ['vid'], added: 2, changed: 0, unchanged: 0, removed: 0, changed_columns: {} },
      },
    });
    expect(done.steps[0].outputs.write).toMatchObject({ table_id: 'in.c-hubspot.contacts', action: 'imported', rows: 2, created: false });
    expect((await keboolaTable(project, 'in.c-hubspot.contacts')).rows.map((r) => r[0])).toEqual(['1', '2', '3', '4']);
    expect(await keboolaRequests(project, 'import')).toHaveLength(1);
  });

  it('creates a missing table, and its bucket, from a workspace CSV (a full load: a person approves it after its dry run)', async () => {
    const { author, project } = await setup();
    const waiting = await run(author, [
      scriptedStep('load', [
        { id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'out/people.csv', content: 'person_id,email\np1,a@example.com\np2,b@example.com\n' } },
        { id: 'write', tool: 'keboola.storage.write', args: { table_id: 'out.c-unified.people', artifact: 'out/people.csv', primary_key: ['person_id'] } },
      ]),
    ]);
    const approval = pendingApproval(waiting);
    expect(approval).toMatchObject({ risk: 'destructive', reason: expect.stringContaining('a full load replaces every row of out.c-unified.people') });
    expect(approval.dry_run_result.would).toEqual({
      table_id: 'out.c-unified.people', action: 'create', rows: 2, columns: ['person_id', 'email'], primary_key: ['person_id'], incremental: false, creates_bucket: true,
    });
    // The file's content is bound by its etag: the approval is for this content.
    expect(Object.keys(approval.payload.files)).toEqual(['out/people.csv']);
    expect(await keboolaRequests(project, 'prepare')).toEqual([]);
    const done = await approveAndCommit(author, waiting.id, approval);
    expect(done.status).toBe('done');
    expect(done.steps[0].outputs.write).toMatchObject({ action: 'created', created: true, rows: 2 });
    expect(await keboolaTable(project, 'out.c-unified.people')).toEqual({ columns: ['person_id', 'email'], primary_key: ['person_id'], rows: [['p1', 'a@example.com'], ['p2', 'b@example.com']] });
  });

  it('a dry run that finds a problem refuses before anything is uploaded', async () => {
    const { author, project } = await setup();
    const done = await run(author, [
      scriptedStep('load', [{ tool: 'keboola.storage.write', args: { table_id: 'in.c-zendesk.users', csv: 'id,name\n1,x\n', incremental: false } }], { on_failure: 'skip' }),
    ]);
    expect(done.steps[0].status).toBe('skipped');
    expect(done.steps[0].error).toContain('The CSV lacks columns of in.c-zendesk.users: email');
    expect(await keboolaRequests(project, 'prepare')).toEqual([]);
  });

  it('never repeats a failed import: one request, and the run asks what to do', async () => {
    const { author, project } = await setup();
    await failKeboola(project, 'import', { status: 502, message: 'Bad Gateway' });
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('load', [{ tool: 'keboola.storage.write', args: { table_id: 'in.c-zendesk.users', csv: 'id,name,email\n78,Dorothy Vaughan,dv@example.com\n', incremental: true } }], { on_failure: 'ask_user' }),
    ]));
    const runId = await startRun(author, playbookId);
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_input');
    const question = waiting.questions.find((q: any) => q.status === 'pending');
    expect(question.prompt).toContain('may or may not have taken effect');
    expect(await keboolaRequests(project, 'import')).toHaveLength(1);
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'abort' } });
    expect((await drive(runId, author)).status).toBe('failed');
    expect(await keboolaRequests(project, 'import')).toHaveLength(1);
  });

  it('runs SQL in the workspace with paged results and saves them; runs a component job to the end', async () => {
    const { author, project } = await setup();
    const done = await run(author, [
      scriptedStep('sql', [
        { id: 'q', tool: 'keboola.workspace.query', args: { sql: 'SELECT n, n * n AS square FROM numbers', max_rows: 1_500 } },
        { id: 'all', tool: 'keboola.workspace.query', args: { sql: 'SELECT n, n * n AS square FROM numbers', max_rows: 3_000, save_as: 'out/numbers.csv' } },
      ]),
      scriptedStep('job', [{ id: 'extract', tool: 'keboola.jobs.run', args: { component: 'keboola.ex-salesforce', config: '101' } }]),
    ]);
    expect(done.status).toBe('done');
    const q = done.steps[0].outputs.q;
    expect(q).toMatchObject({ backend: 'keboola', columns: ['n', 'square'], row_count: 2_500, truncated: true });
    expect(q.rows).toHaveLength(1_500);
    expect(done.steps[0].outputs.all).toMatchObject({ row_count: 2_500, truncated: false, saved_as: 'out/numbers.csv' });
    const saved = await artifact(author, done.id, 'out/numbers.csv');
    expect(saved.trim().split('\n')).toHaveLength(2_501);
    expect((await keboolaRequests(project, 'query-results')).length).toBeGreaterThanOrEqual(2); // paged

    expect(done.steps[1].outputs.extract).toMatchObject({ status: 'success', is_finished: true, component: 'keboola.ex-salesforce', config: '101' });
    expect(await keboolaRequests(project, 'queue-run')).toHaveLength(1);
    // Its dry run (what an approver sees): the component and configuration by name, and what a job of that type changes.
    const dryRuns = (await runSql(done.id, "SELECT data FROM events WHERE type = 'dry_run'")) as { data: string }[];
    expect(dryRuns.map((e) => JSON.parse(e.data).result)).toContainEqual({
      dry_run: true,
      would: expect.objectContaining({ component: 'keboola.ex-salesforce', component_type: 'extractor', config: '101', config_name: expect.any(String), disabled: false, effect: expect.stringContaining('Storage') }),
    });
  });

  it('never saves a shortened result: a save_as beyond max_rows fails the step and writes nothing', async () => {
    const { author } = await setup();
    const failed = await run(author, [
      scriptedStep('sql', [{ id: 'q', tool: 'keboola.workspace.query', args: { sql: 'SELECT n FROM numbers', max_rows: 1_500, save_as: 'out/numbers.csv' } }]),
    ]);
    expect(failed.status).toBe('failed');
    expect(failed.steps[0].error).toContain('The result has 2500 rows, more than max_rows (1500); "out/numbers.csv" would lose rows, so nothing was saved');
    expect((await call('GET', `/runs/${failed.id}/artifacts/out/numbers.csv`, author)).status).toBe(404);
  });

  it('a job that ends in error fails the step with Keboola\'s message', async () => {
    const { author } = await setup();
    const done = await run(author, [scriptedStep('job', [{ tool: 'keboola.jobs.run', args: { component: 'keboola.ex-db-mysql', config: '501' } }])]);
    expect(done.status).toBe('failed');
    expect(done.tool_calls[0].error).toMatch(/^Keboola job \d+ \(keboola\.ex-db-mysql \/ 501\) ended error: Configuration is disabled\.$/);
  });

  it('a token Keboola refuses is a clear error on the run, handled per on_failure, never a crash', async () => {
    const { author, project } = await setup();
    await revokeKeboola(project);
    const aborted = await run(author, [scriptedStep('read', [{ tool: 'keboola.storage.tables', args: { action: 'list' } }])]);
    expect(aborted.status).toBe('failed');
    expect(aborted.tool_calls[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/^Keboola refused the token while trying to list tables \(HTTP 401: Invalid access token\)/) });
    expect(aborted.status_reason).toContain('Keboola refused the token');
    expect(JSON.stringify(aborted)).not.toContain(project.token);

    const playbookId = await createPlaybook(author, playbookWith([scriptedStep('read', [{ tool: 'keboola.workspace.query', args: { sql: 'SELECT 1' } }], { on_failure: 'ask_user' })]));
    const waiting = await drive(await startRun(author, playbookId), author);
    expect(waiting.status).toBe('waiting_for_input');
    expect(waiting.questions[0].prompt).toContain('Keboola refused the token');
  });

  it('without a Keboola token the same tools run on the built-in sample project', async () => {
    const admin = await createTestUser('admin');
    await call('DELETE', '/vault/keboola_token', admin);
    const author = await createTestUser('author');
    const done = await run(author, [scriptedStep('read', [{ id: 'list', tool: 'keboola.storage.tables', args: { action: 'list' } }])]);
    expect(done.status).toBe('done');
    expect(done.steps[0].outputs.list.backend).toBe('sample');
    expect(done.steps[0].outputs.list.tables.length).toBeGreaterThan(0);
  });

  it('refuses bad arguments before anything reaches Keboola', async () => {
    const { author, project } = await setup();
    const done = await run(author, [scriptedStep('bad', [{ tool: 'keboola.storage.tables', args: { action: 'preview' } }], { on_failure: 'skip' })]);
    expect(done.steps[0].error).toContain('table_id');
    const both = await run(author, [scriptedStep('bad', [{ tool: 'keboola.storage.write', args: { table_id: 'in.c-x.y', csv: 'a\n1\n', artifact: 'a.csv' } }], { on_failure: 'skip' })]);
    expect(both.steps[0].error).toContain('exactly one of csv or artifact');
    expect(await keboolaRequests(project)).toEqual([]);
  });
});
