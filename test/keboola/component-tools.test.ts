/**
 * Issue 17, per-system tools: a discovered configuration (or row) whose component schema offers
 * parameters becomes `keboola.<component>.<config>[.<row>].run` with typed overrides, in the
 * registry at its class (extractor `write`, writer `external_send`), run through the Broker like
 * any tool, creating exactly one Queue job whose configData is the stored body with the override
 * laid over it. Against the fake Keboola's components with schemas (`component_schemas`).
 */
import { describe, expect, it } from 'vitest';
import { approveAndCommit, pendingApproval, runSql } from '../governance/helpers';
import { api } from '../api/contract';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { mint, waitingRun } from '../broker/tokens';
import { keboolaProject, keboolaRequests, revokeKeboola, useKeboola, type FakeKeboola } from './fake';

const ROW_TOOL = 'keboola.keboola-ex-db-snowflake.701.7011.run';
const SHEETS_TOOL = 'keboola.keboola-wr-google-sheets.801.run';

/** The Snowflake configuration's body and its row's, as the fake stores them (keboola-project.ts schemaComponents). */
const DB = { host: 'acme.snowflakecomputing.com', user: 'KEBOOLA', '#password': 'KBC::ProjectSecure::c2VjcmV0' };
const STORAGE = { output: { tables: [{ source: 'orders.csv', destination: 'in.c-snowflake.orders' }] } };

async function setup(): Promise<{ author: TestUser; project: FakeKeboola }> {
  const admin = await createTestUser('admin');
  const project = await keboolaProject({ component_schemas: true });
  await useKeboola(admin, project);
  // Discovery as an admin would start it; the tools are in the registry from here on.
  expect((await call('POST', '/tools/discover', admin)).status).toBe(200);
  return { author: await createTestUser('author'), project };
}

async function run(author: TestUser, steps: unknown[]): Promise<any> {
  return drive(await startRun(author, await createPlaybook(author, playbookWith(steps))), author);
}

describe('per-system tools from component schemas', () => {
  it('GET /tools lists a tool per runnable configuration or row with a usable schema, at its class, with only checkable overrides', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject({ component_schemas: true });
    await useKeboola(admin, project);
    const author = await createTestUser('author');

    // The picker's list discovers on first use (no discovery stored yet for this token).
    // Checked against /openapi.json by api(): generated entries fit the ToolEntry contract.
    const tools = (await json(await api('GET', '/tools', author))).tools as any[];
    const generated = tools.filter((t) => /^keboola\.[^.]+\.[^.]+(\.[^.]+)?\.run$/.test(t.id) && t.id !== 'keboola.jobs.run');
    expect(generated.map((t) => t.id)).toEqual([ROW_TOOL, SHEETS_TOOL]); // not the disabled row 7012, not the schema-less ex-generic-v2

    const row = generated[0];
    expect(row).toMatchObject({ provider: 'keboola', risk: 'write', side_effects: true, supports_dry_run: true, output_trust: 'untrusted', default_decision: 'dry_run_first' });
    expect(row.description).toContain('Snowflake extractor "Warehouse" / "Daily orders"');
    // readOnly name, the array primaryKey and the pattern-checked column are not offered; nothing else is accepted.
    expect(Object.keys(row.input_schema.properties).sort()).toEqual(['incremental', 'outputTable', 'query']);
    expect(row.input_schema.additionalProperties).toBe(false);
    expect(row.input_schema.properties.incremental).toMatchObject({ type: 'boolean' });
    expect(row.input_schema.properties.outputTable).toMatchObject({ type: 'string', minLength: 1, maxLength: 256 });
    expect(row.input_schema.required ?? []).toEqual([]);

    const sheets = generated[1];
    expect(sheets).toMatchObject({ risk: 'external_send', default_decision: 'approve' });
    // The encrypted #token and the object-typed folder are not offered.
    expect(Object.keys(sheets.input_schema.properties).sort()).toEqual(['mode', 'sheetTitle']);
    expect(sheets.input_schema.properties.mode).toMatchObject({ enum: ['update', 'append'] });

    // The connection lists its system's tools; the one discovery served both reads.
    const connections = await json(await api('GET', '/connections', author));
    const snowflake = connections.discovered.find((c: any) => c.id === 'snowflake');
    expect(snowflake.tools).toEqual(['keboola.jobs.run', ROW_TOOL, 'keboola.storage.tables']);
    expect(connections.discovered.find((c: any) => c.id === 'generic').tools).toEqual(['keboola.jobs.run', 'keboola.storage.tables']);
    expect(await keboolaRequests(project, 'components')).toHaveLength(1);
    expect((await api('GET', `/tools/${ROW_TOOL}`, author)).status).toBe(200);
  });

  it('a run of the row tool makes exactly one Queue job: the stored configuration and row merged, the override over parameters', async () => {
    const { author, project } = await setup();
    const query = 'SELECT * FROM ORDERS WHERE DAY = CURRENT_DATE()';
    // A prefix in allowed_tools covers every tool of the component.
    const done = await run(author, [scriptedStep('extract', [{ id: 'orders', tool: ROW_TOOL, args: { query, outputTable: 'in.c-snowflake.orders_today' } }], { allowed_tools: ['keboola.keboola-ex-db-snowflake.*'] })]);
    expect(done.status, done.status_reason).toBe('done');
    expect(done.steps[0].outputs.orders).toMatchObject({ status: 'success', is_finished: true, component: 'keboola.ex-db-snowflake', config: '701' });

    const jobs = await keboolaRequests(project, 'queue-run');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.json).toEqual({
      component: 'keboola.ex-db-snowflake', config: '701', mode: 'run', configRowIds: ['7011'],
      configData: {
        parameters: { db: DB, name: 'orders', query, incremental: true, outputTable: 'in.c-snowflake.orders_today', primaryKey: ['ID'] },
        storage: STORAGE,
      },
    });
    // The dry run an approver would see: what the override changes, from the stored value.
    const [dryRun] = (await runSql(done.id, "SELECT data FROM events WHERE type = 'dry_run'")) as { data: string }[];
    expect(JSON.parse(dryRun!.data).result.would).toMatchObject({
      component: 'keboola.ex-db-snowflake', config: '701', row: '7011',
      changes: [{ parameter: 'query', from: 'SELECT * FROM ORDERS', to: query }, { parameter: 'outputTable', from: 'in.c-snowflake.orders', to: 'in.c-snowflake.orders_today' }],
    });
    // Keboola's job message can quote the source system: the run has taken in untrusted content.
    expect(done.tainted).toBe(true);
  });

  it('refuses bad arguments with the field named before anything reaches Keboola', async () => {
    const { author, project } = await setup();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ incremental: 'yes' }, /Arguments for "keboola\.keboola-ex-db-snowflake\.701\.7011\.run" are invalid: incremental: /],
      [{ primaryKey: ['ID'] }, /are invalid: .*primaryKey/],
      [{ '#password': 'x' }, /are invalid: .*#password/],
      [{ outputTable: '' }, /are invalid: outputTable: /],
    ];
    for (const [args, error] of cases) {
      const failed = await run(author, [scriptedStep('extract', [{ tool: ROW_TOOL, args }])]);
      expect(failed.status).toBe('failed');
      expect(failed.tool_calls[0]).toMatchObject({ tool_id: ROW_TOOL, status: 'refused' });
      expect(failed.tool_calls[0].error).toMatch(error);
    }
    const sheets = await run(author, [scriptedStep('send', [{ tool: SHEETS_TOOL, args: { mode: 'overwrite' } }])]);
    expect(sheets.tool_calls[0].error).toMatch(/are invalid: mode: /);
    expect(sheets.approvals).toEqual([]);
    expect(await keboolaRequests(project, 'configuration')).toEqual([]);
    expect(await keboolaRequests(project, 'queue-run')).toEqual([]);
  });

  it('is refused outside the step\'s allowed_tools, keboola.jobs.run allowing it or not', async () => {
    const { author, project } = await setup();
    const refused = await run(author, [scriptedStep('extract', [{ tool: ROW_TOOL, args: { incremental: true } }], { allowed_tools: ['keboola.jobs.run', 'keboola.keboola-wr-google-sheets.*'] })]);
    expect(refused.tool_calls[0]).toMatchObject({ status: 'refused' });
    expect(refused.tool_calls[0].error).toMatch(/not in step "extract"'s allowed_tools/);
    expect(await keboolaRequests(project, 'queue-run')).toEqual([]);
  });

  it('a run token scopes them too: its class counts the writer\'s tool, and a tool its steps do not allow is refused (403)', async () => {
    const { author, project } = await setup();
    const run = await waitingRun(author, [SHEETS_TOOL]);
    const { token, claims } = await mint(author, run.id);
    expect(claims).toMatchObject({ allowed_tools: expect.arrayContaining([SHEETS_TOOL]), allowed_risk_max: 'external_send' });
    const outside = await call('POST', `/tools/${ROW_TOOL}/call`, token, { json: { args: { incremental: true } } });
    expect(outside.status).toBe(403);
    expect((await json(outside)).error.message).toContain(`Tool "${ROW_TOOL}" is not in this run token's allowed_tools`);
    expect(await keboolaRequests(project, 'configuration')).toEqual([]);
    expect(await keboolaRequests(project, 'queue-run')).toEqual([]);
  });

  it('a writer\'s tool waits for a person at external_send; approved, it sends one job with the stored secret as stored', async () => {
    const { author, project } = await setup();
    const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('send', [{ id: 'sheet', tool: SHEETS_TOOL, args: { sheetTitle: 'Q3 report', mode: 'append' } }])], { approval_policy: { undo_window_seconds_for_external_send: 1 } })));
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_approval');
    const approval = pendingApproval(waiting);
    expect(approval).toMatchObject({ tool_id: SHEETS_TOOL, risk: 'external_send', title: 'Run Keboola Google Sheets writer "Weekly report" with sheetTitle, mode overridden' });
    expect(await keboolaRequests(project, 'queue-run')).toEqual([]); // nothing runs before a person approves

    const done = await approveAndCommit(author, runId, approval);
    expect(done.status, done.status_reason).toBe('done');
    const jobs = await keboolaRequests(project, 'queue-run');
    expect(jobs.map((j) => j.json)).toEqual([{
      component: 'keboola.wr-google-sheets', config: '801', mode: 'run',
      configData: {
        parameters: { sheetTitle: 'Q3 report', mode: 'append', '#token': 'KBC::ProjectSecure::dG9rZW4=' },
        storage: { input: { tables: [{ source: 'out.c-crm.contacts', destination: 'contacts.csv' }] } },
      },
    }]);
  });

  it('an override that changes data raises the class by effect: a DELETE query needs a person, nothing runs meanwhile', async () => {
    const { author, project } = await setup();
    const waiting = await run(author, [scriptedStep('extract', [{ tool: ROW_TOOL, args: { query: 'DELETE FROM ORDERS' } }])]);
    expect(waiting.status).toBe('waiting_for_approval');
    expect(pendingApproval(waiting)).toMatchObject({ tool_id: ROW_TOOL, risk: 'destructive' });
    // A full load replaces the output table's rows: the same.
    const fullLoad = await run(author, [scriptedStep('extract', [{ tool: ROW_TOOL, args: { incremental: false } }])]);
    expect(pendingApproval(fullLoad)).toMatchObject({ tool_id: ROW_TOOL, risk: 'destructive' });
    expect(await keboolaRequests(project, 'queue-run')).toEqual([]);
  });

  it('a discovery that fails takes the tools away: a refused token leaves only the generic ones', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject({ component_schemas: true });
    await useKeboola(admin, project);
    expect((await json(await call('POST', '/tools/discover', admin))).tools.map((t: any) => t.id)).toContain(ROW_TOOL);
    await revokeKeboola(project);
    const after = (await json(await call('POST', '/tools/discover', admin))).tools.map((t: any) => t.id);
    expect(after).not.toContain(ROW_TOOL);
    expect(after).toContain('keboola.jobs.run');
    expect((await call('GET', `/tools/${ROW_TOOL}`, admin)).status).toBe(404);
  });

  it('a run pinned to a dev branch cannot run an override (configData would not stay on the branch): the call fails, no job', async () => {
    const { author, project } = await setup();
    const pinned = await drive(await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('extract', [{ tool: ROW_TOOL, args: { incremental: true } }])], { keboola: { branch: '4322' } }))), author);
    expect(pinned.status).toBe('failed');
    expect(pinned.tool_calls.at(-1).error).toMatch(/pinned to Keboola dev branch 4322/);
    expect(await keboolaRequests(project, 'queue-run')).toEqual([]);
  });
});
