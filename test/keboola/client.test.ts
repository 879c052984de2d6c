/**
 * Issue 5, acceptance 1: the real Keboola HTTP client against the fake Keboola, request by
 * request — token verify without the token, components, tables, preview, async export with job
 * polling, import sent exactly once, SQL with paging, a queue job, and clear errors.
 */
import { describe, expect, it } from 'vitest';
import { KeboolaApiError } from '../../src/connections/keboola/errors';
import { HttpKeboolaBackend } from '../../src/connections/keboola/http-backend';
import { deriveServiceUrl } from '../../src/connections/keboola/http-client';
import { failKeboola, fakeClient, keboolaProject, keboolaRequests, keboolaTable, revokeKeboola } from './fake';

async function rejection(promise: Promise<unknown>): Promise<KeboolaApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KeboolaApiError);
  return error as KeboolaApiError;
}

describe('Keboola HTTP client', () => {
  it('verifies the token and never hands the token back, although Storage echoes it', async () => {
    const project = await keboolaProject();
    const raw = await fetch(`${fakeClient(project).storageUrl}/tokens/verify`, { headers: { 'x-storageapi-token': project.token } });
    expect(await raw.text()).toContain(project.token); // the fake, like Storage, echoes it

    const info = await fakeClient(project).verifyToken();
    expect(info.owner).toMatchObject({ id: project.projectId, defaultBackend: 'snowflake' });
    expect(info.bucketPermissions).toHaveProperty('in.c-salesforce');
    expect(info).not.toHaveProperty('token');
    expect(JSON.stringify(info)).not.toContain(project.token);
  });

  it('says plainly that Keboola refused the token, and does not retry a 401', async () => {
    const project = await keboolaProject();
    await revokeKeboola(project);
    const error = await rejection(fakeClient(project).listBuckets());
    expect(error.status).toBe(401);
    expect(error.isAuth).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^Keboola refused the token while trying to list buckets \(HTTP 401: Invalid access token\)/);
    expect(error.message).toContain('invalid or expired');
    expect(error.message).not.toContain(project.token);
  });

  it('lists components with configurations, buckets and tables with columns; reads a table and its preview', async () => {
    const project = await keboolaProject();
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const components = await backend.listComponents();
    expect(components.find((c) => c.id === 'keboola.ex-salesforce')?.configurations).toEqual([{ id: '101', name: 'Production org', is_disabled: false }]);
    expect(components.find((c) => c.id === 'keboola.ex-db-mysql')?.configurations).toEqual([{ id: '501', name: 'Legacy orders DB', is_disabled: true }]);

    expect((await backend.listBuckets()).map((b) => b.id)).toEqual(['in.c-salesforce', 'in.c-hubspot', 'in.c-zendesk', 'out.c-crm']);
    const tables = await backend.listTables('in.c-salesforce');
    expect(tables).toEqual([expect.objectContaining({ id: 'in.c-salesforce.contacts', bucket: 'in.c-salesforce', columns: ['id', 'name', 'email', 'company'], primary_key: ['id'], rows_count: 3 })]);
    expect(await backend.tableDetail('in.c-hubspot.contacts')).toMatchObject({ name: 'contacts', primary_key: ['vid'], rows_count: 2 });

    const preview = await backend.preview('in.c-salesforce.contacts', 2);
    expect(preview).toBe('"id","name","email","company"\n"003A1","Ada Lovelace","ada@example.com","Analytical Engines"\n"003A2","Grace Hopper","grace@example.com","Navy"');
    const missing = await rejection(backend.tableDetail('in.c-salesforce.nope'));
    expect(missing.status).toBe(404);
    expect(missing.code).toBe('storage.tables.notFound');
  });

  it('exports a table: export-async, polls the storage job until success, reads the file with a federation token, gunzips and adds the header', async () => {
    const project = await keboolaProject();
    const csv = await new HttpKeboolaBackend(fakeClient(project)).exportCsv('in.c-salesforce.contacts');
    expect(csv).toBe('"id","name","email","company"\n"003A1","Ada Lovelace","ada@example.com","Analytical Engines"\n"003A2","Grace Hopper","grace@example.com","Navy"\n"003A3","Alan Turing","alan@example.com","Bletchley, ""Hut 8"""\n');

    const requests = await keboolaRequests(project);
    const routes = requests.map((r) => r.route);
    expect(routes).toEqual(['table', 'export', 'storage-job', 'storage-job', 'file', 'download']);
    expect(requests[1]!.form).toMatchObject({ format: 'rfc', gzip: '1' });
    expect(requests[4]!.query).toEqual({ federationToken: '1' });
  });

  it('reads a sliced export: the manifest, then every slice with the SAS Keboola gave, in order, each gunzipped, under one header', async () => {
    const project = await keboolaProject({ sliced_tables: ['in.c-salesforce.contacts'] });
    const csv = await new HttpKeboolaBackend(fakeClient(project)).exportCsv('in.c-salesforce.contacts');
    expect(csv.split('\n').filter(Boolean)).toEqual([
      '"id","name","email","company"',
      '"003A1","Ada Lovelace","ada@example.com","Analytical Engines"',
      '"003A2","Grace Hopper","grace@example.com","Navy"',
      '"003A3","Alan Turing","alan@example.com","Bletchley, ""Hut 8"""',
    ]);
    const slices = await keboolaRequests(project, 'download-slice');
    expect(slices.map((r) => r.path.split('.').at(-1))).toEqual(['part_0', 'part_1']);
    // The slice links carry the SAS from files/{id}?federationToken=1, never our Storage token.
    expect(slices.every((r) => r.query.sig === 'fake')).toBe(true);
  });

  it('a slice that cannot be read fails the export with the reason; no partial table is returned', async () => {
    const project = await keboolaProject({ sliced_tables: ['in.c-salesforce.contacts'] });
    await failKeboola(project, 'download-slice', { status: 403, message: 'AuthenticationFailed', times: 10 });
    const error = await rejection(new HttpKeboolaBackend(fakeClient(project)).exportCsv('in.c-salesforce.contacts'));
    expect(error.message).toMatch(/cloud storage link .* \(HTTP 403\); it may have expired/);
  });

  it('imports into an existing table: files/prepare, Azure upload, import-async, job polling', async () => {
    const project = await keboolaProject();
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const result = await backend.importCsv('in.c-hubspot.contacts', 'vid,full_name,email\n3,Mary Jackson,mj@example.com\n', { incremental: true });
    expect(result).toEqual({ table_id: 'in.c-hubspot.contacts', rows: 1, created: false });
    expect((await keboolaTable(project, 'in.c-hubspot.contacts')).rows).toHaveLength(3);
    const routes = (await keboolaRequests(project)).map((r) => r.route);
    expect(routes).toEqual(['table', 'prepare', 'upload', 'import', 'storage-job', 'storage-job']);
    const [importRequest] = await keboolaRequests(project, 'import');
    expect(importRequest!.form).toMatchObject({ incremental: '1' });
  });

  it('creates the bucket and the table when they do not exist', async () => {
    const project = await keboolaProject();
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const result = await backend.importCsv('out.c-unified.people', 'person_id,email\np1,a@example.com\np2,b@example.com\n', { incremental: false, primary_key: ['person_id'] });
    expect(result).toEqual({ table_id: 'out.c-unified.people', rows: 2, created: true });
    expect(await keboolaTable(project, 'out.c-unified.people')).toEqual({ columns: ['person_id', 'email'], primary_key: ['person_id'], rows: [['p1', 'a@example.com'], ['p2', 'b@example.com']] });
    const routes = (await keboolaRequests(project)).map((r) => r.route);
    expect(routes.slice(0, 6)).toEqual(['table', 'bucket', 'create-bucket', 'prepare', 'upload', 'create-table']);
  });

  it('never retries an import: a 500 on import-async is one request and an error that says it may have happened', async () => {
    const project = await keboolaProject();
    await failKeboola(project, 'import', { status: 500, message: 'Internal error, please try again later' });
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const error = await rejection(backend.importCsv('in.c-zendesk.users', 'id,name,email\n78,Dorothy Vaughan,dv@example.com\n', { incremental: true }));
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('may or may not have taken effect');
    expect(await keboolaRequests(project, 'import')).toHaveLength(1);
  });

  it('retries safe reads on a transient 503, but not on a 400', async () => {
    const project = await keboolaProject();
    await failKeboola(project, 'buckets', { status: 503, message: 'Service Unavailable', times: 2 });
    expect(await fakeClient(project).listBuckets()).toHaveLength(4);
    expect(await keboolaRequests(project, 'buckets')).toHaveLength(3);

    await failKeboola(project, 'tables', { status: 400, message: 'Invalid include' });
    const error = await rejection(fakeClient(project).listTables());
    expect(error.status).toBe(400);
    expect(await keboolaRequests(project, 'tables')).toHaveLength(1);
  });

  it('reports a failed storage job with Keboola\'s message', async () => {
    const project = await keboolaProject();
    const error = await rejection(new HttpKeboolaBackend(fakeClient(project)).importCsv('in.c-zendesk.users', 'id,name\n1,x\n', { incremental: true }));
    expect(error.message).toMatch(/storage job \d+ failed: Some columns are missing in the csv file\. Missing columns: email/);
    expect(await keboolaRequests(project, 'import')).toHaveLength(1);
  });

  it('runs SQL through the Query Service: default branch, read-only workspace, polling, results paged 1,000 at a time', async () => {
    const project = await keboolaProject({ query_rows: 2_500 });
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const result = await backend.query('SELECT n, n*n AS square FROM numbers', { max_rows: 2_200 });
    expect(result.columns).toEqual(['n', 'square']);
    expect(result.rows).toHaveLength(2_200);
    expect(result.rows[2_199]).toEqual([2_200, 2_200 * 2_200]);
    expect(result).toMatchObject({ row_count: 2_500, truncated: true });

    const pages = await keboolaRequests(project, 'query-results');
    expect(pages.map((p) => p.query)).toEqual([{ offset: '0', pageSize: '1000' }, { offset: '1000', pageSize: '1000' }, { offset: '2000', pageSize: '1000' }]);
    expect((await keboolaRequests(project, 'query-status')).length).toBeGreaterThanOrEqual(3);
    const [submit] = await keboolaRequests(project, 'query-submit');
    expect(submit!.path).toBe('/keboola/query/api/v1/branches/4321/workspaces/9876/queries');
  });

  it('retries the Query Service\'s transient 403 "Failed to get workspace credentials" on submit, and reports a failed statement', async () => {
    const project = await keboolaProject();
    await failKeboola(project, 'query-submit', { status: 403, message: 'Failed to get workspace credentials', times: 2 });
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const result = await backend.query('SELECT * FROM "in.c-zendesk"."users"', { max_rows: 10 });
    expect(result).toEqual({ columns: ['id', 'name', 'email'], rows: [['77', 'Grace Hopper', 'grace@example.com']], row_count: 1, truncated: false });
    expect(await keboolaRequests(project, 'query-submit')).toHaveLength(3);

    const failed = await rejection(backend.query('SELECT fail', { max_rows: 10 }));
    expect(failed.message).toMatch(/^The query failed: SQL compilation error/);
    await failKeboola(project, 'query-submit', { status: 403, message: 'Access denied to workspace' });
    expect((await rejection(backend.query('SELECT 1', { max_rows: 1 }))).status).toBe(403);
  });

  it('runs a component job on the Jobs Queue once and polls it to the end', async () => {
    const project = await keboolaProject();
    const backend = new HttpKeboolaBackend(fakeClient(project));
    const job = await backend.runJob('keboola.ex-salesforce', '101');
    expect(job).toMatchObject({ status: 'success', is_finished: true, component: 'keboola.ex-salesforce', config: '101', message: 'Component processing finished.' });
    expect(await keboolaRequests(project, 'queue-run')).toHaveLength(1);
    expect(await keboolaRequests(project, 'queue-job')).toHaveLength(3);

    const disabled = await backend.runJob('keboola.ex-db-mysql', '501');
    expect(disabled).toMatchObject({ status: 'error', is_finished: true, message: 'Configuration is disabled.' });
  });

  it('stops waiting at the limit and returns the job as it stands, without starting it again', async () => {
    const project = await keboolaProject();
    const backend = new HttpKeboolaBackend(fakeClient(project, { backoffMs: [20], maxWaitMs: 30 }));
    const job = await backend.runJob('keboola.ex-zendesk', '401');
    expect(job.is_finished).toBe(false);
    expect(['created', 'waiting', 'processing']).toContain(job.status);
    expect(await keboolaRequests(project, 'queue-run')).toHaveLength(1);
  });

  it('finds other services from the Storage URL, or from the stack index', () => {
    expect(deriveServiceUrl('https://connection.keboola.com', 'queue')).toBe('https://queue.keboola.com');
    expect(deriveServiceUrl('https://connection.north-europe.azure.keboola.com/', 'query')).toBe('https://query.north-europe.azure.keboola.com');
    expect(deriveServiceUrl('http://127.0.0.1:8787/keboola', 'query')).toBeUndefined();
  });
});
