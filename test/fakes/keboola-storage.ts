import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { BRANCH_ID, WORKSPACE_ID, nextNumber, type FakeProject, type FakeTable, type StorageJob } from './keboola-project';
import { errorReply, formOf, json, origin, route, type BranchRequest } from './keboola-http';
import type { FakeReply, FakeRequest, FakeRoute } from './server';

/**
 * Fake Storage API under /keboola/v2/storage with the shapes Keboola's clients read
 * (keboola-api.md; sapi-python-client mocks): token verify (echoing the token, as Storage does),
 * components with configurations, buckets, tables, data-preview CSV, async export and import as
 * storage jobs that go waiting → processing → success over polls, files/prepare with Azure upload
 * parameters pointing back at this fake.
 */

const S = '/keboola/v2/storage';
const ID = '([^/]+)';

function tableJson(t: FakeTable, project: FakeProject) {
  const bucket = project.buckets.get(t.bucket)!;
  return {
    uri: `https://connection.fake/v2/storage/tables/${t.id}`, id: t.id, name: t.name, primaryKey: t.primaryKey, columns: t.columns,
    created: t.lastImportDate, lastImportDate: t.lastImportDate, lastChangeDate: t.lastImportDate, rowsCount: t.rows.length,
    dataSizeBytes: 1024 * t.rows.length, isAlias: false, attributes: [], bucket: { ...bucket, uri: `https://connection.fake/v2/storage/buckets/${bucket.id}` },
  };
}

function storageJob(project: FakeProject, operationName: string, complete: StorageJob['complete']): FakeReply {
  const job: StorageJob = { id: nextNumber(), operationName, polls: 0, status: 'waiting', results: null, error: null, complete };
  project.storageJobs.set(job.id, job);
  return json(jobJson(job), 202);
}

function jobJson(job: StorageJob) {
  return { id: job.id, status: job.status, url: `https://connection.fake/v2/storage/jobs/${job.id}`, operationName: job.operationName, results: job.results, error: job.error, createdTime: new Date().toISOString() };
}

/** Each poll moves the job on: waiting → processing → success (or error, with Storage's error object). */
function pollJob(project: FakeProject, request: FakeRequest): FakeReply {
  const job = project.storageJobs.get(Number(request.params[0]));
  if (!job) return errorReply('storage', 404, `Job ${request.params[0]} not found`, 'storage.jobs.notFound');
  job.polls += 1;
  if (job.status === 'waiting') job.status = 'processing';
  else if (job.status === 'processing') {
    try {
      job.results = job.complete();
      job.status = 'success';
    } catch (error) {
      job.status = 'error';
      job.error = { code: 'storage.csvImport.columnsNotMatch', message: error instanceof Error ? error.message : String(error), exceptionId: 'exception-job' };
    }
  }
  return json(jobJson(job));
}

/** The uploaded CSV (header + rows), or Storage's refusal when the file never arrived. */
function parseUpload(project: FakeProject, fileId: string | null): { columns: string[]; rows: string[][] } | FakeReply {
  const file = project.files.get(Number(fileId));
  if (!file || !file.uploaded || !file.body) return errorReply('storage', 400, `File ${fileId} is not uploaded yet`, 'storage.files.notUploaded');
  const [columns = [], ...rows] = Papa.parse<string[]>(new TextDecoder().decode(file.body), { skipEmptyLines: true }).data;
  return { columns, rows };
}

function importInto(table: FakeTable, incremental: boolean, upload: { columns: string[]; rows: string[][] }): Record<string, unknown> {
  const missing = table.columns.filter((c) => !upload.columns.includes(c));
  if (missing.length) throw new Error(`Some columns are missing in the csv file. Missing columns: ${missing.join(',')}`);
  table.columns.push(...upload.columns.filter((c) => !table.columns.includes(c)));
  const aligned = upload.rows.map((row) => table.columns.map((c) => row[upload.columns.indexOf(c)] ?? ''));
  if (!incremental) table.rows = aligned;
  else if (table.primaryKey.length === 0) table.rows.push(...aligned);
  else {
    const key = (row: string[]) => table.primaryKey.map((k) => row[table.columns.indexOf(k)]).join('\u0000');
    const byKey = new Map(table.rows.map((row) => [key(row), row]));
    for (const row of aligned) byKey.set(key(row), row);
    table.rows = [...byKey.values()];
  }
  table.lastImportDate = new Date().toISOString();
  return { importedColumns: upload.columns, warnings: [], totalRowsCount: table.rows.length, importedRowsCount: upload.rows.length };
}

const mainRoutes: FakeRoute[] = [
  // The stack index: which services live where (keboola-api.md "Conventions").
  {
    method: 'GET',
    path: /^\/keboola\/v2\/storage\/?$/,
    handle: (request) => json({
      api: 'storage', version: 'v2',
      services: [{ id: 'queue', url: `${origin(request)}/queue` }, { id: 'query', url: `${origin(request)}/query` }, { id: 'syrup', url: `${origin(request)}/syrup` }, { id: 'metastore', url: `${origin(request)}/metastore` }, { id: 'notification', url: `${origin(request)}/notification` }],
      ...(request.query.get('exclude') === 'components' ? {} : { components: [] }),
    }),
  },
  route('storage', 'verify', 'GET', new RegExp(`^${S}/tokens/verify$`), (p) => json({
    id: String(p.id * 10), token: p.token, description: 'agent-studio@example.com', isMasterToken: false, canManageBuckets: true, canManageTokens: false,
    expires: null, isExpired: false, isDisabled: false, bucketPermissions: Object.fromEntries([...p.buckets.keys()].map((b) => [b, 'write'])),
    owner: { id: p.id, name: p.name, type: 'production', defaultBackend: 'snowflake', features: ['queuev2'], fileStorageProvider: 'azure' },
  })),
  // include=configuration lists configurations with their bodies; rows only with include=rows too (as Storage does).
  route('storage', 'components', 'GET', new RegExp(`^${S}/components$`), (p, r) => {
    const include = (r.query.get('include') ?? '').split(',');
    if (!include.includes('configuration')) return json(p.components.map(({ configurations: _c, ...c }) => c));
    return json(include.includes('rows') ? p.components : p.components.map((c) => ({ ...c, configurations: c.configurations.map(({ rows: _rows, ...cfg }) => cfg) })));
  }),
  // One configuration with its body and rows, as GET /v2/storage/components/{component}/configs/{config} answers.
  route('storage', 'configuration', 'GET', new RegExp(`^${S}/components/${ID}/configs/${ID}$`), (p, r) => {
    const configuration = p.components.find((c) => c.id === r.params[0])?.configurations.find((c) => c.id === r.params[1] && !c.isDeleted);
    return configuration ? json(configuration) : errorReply('storage', 404, `Configuration ${r.params[1]} not found`, 'storage.components.configurations.notFound');
  }),
  route('storage', 'branches', 'GET', new RegExp(`^${S}/dev-branches$`), () => json([{ id: BRANCH_ID, name: 'Main', isDefault: true }, { id: BRANCH_ID + 1, name: 'experiment', isDefault: false }])),
  route('storage', 'workspaces', 'GET', new RegExp(`^${S}/branch/${ID}/workspaces$`), (_p, r) =>
    json(r.params[0] === String(BRANCH_ID) ? [{ id: WORKSPACE_ID, type: 'table', readOnlyStorageAccess: true, connection: { backend: 'snowflake' } }] : [])),
  route('storage', 'buckets', 'GET', new RegExp(`^${S}/buckets$`), (p) => json([...p.buckets.values()])),
  route('storage', 'bucket', 'GET', new RegExp(`^${S}/buckets/${ID}$`), (p, r) => {
    const bucket = p.buckets.get(r.params[0]!);
    return bucket ? json(bucket) : errorReply('storage', 404, `Bucket ${r.params[0]} not found`, 'storage.buckets.notFound');
  }),
  route('storage', 'create-bucket', 'POST', new RegExp(`^${S}/buckets$`), (p, r) => {
    const body = r.body as { stage?: string; name?: string; description?: string } | undefined;
    if (!body?.stage || !body.name) return errorReply('storage', 400, 'Invalid request: stage and name are required', 'storage.validation');
    const id = `${body.stage}.c-${body.name}`;
    if (p.buckets.has(id)) return errorReply('storage', 400, `The bucket ${id} already exists.`, 'storage.buckets.alreadyExists');
    const bucket = { id, name: `c-${body.name}`, stage: body.stage, description: body.description ?? '', backend: 'snowflake' };
    p.buckets.set(id, bucket);
    return json(bucket, 201);
  }),
  route('storage', 'tables', 'GET', new RegExp(`^${S}/tables$`), (p) => json([...p.tables.values()].map((t) => tableJson(t, p)))),
  route('storage', 'bucket-tables', 'GET', new RegExp(`^${S}/buckets/${ID}/tables$`), (p, r) => {
    if (!p.buckets.has(r.params[0]!)) return errorReply('storage', 404, `Bucket ${r.params[0]} not found`, 'storage.buckets.notFound');
    return json([...p.tables.values()].filter((t) => t.bucket === r.params[0]).map((t) => tableJson(t, p)));
  }),
  route('storage', 'table', 'GET', new RegExp(`^${S}/tables/${ID}$`), (p, r) => {
    const table = p.tables.get(r.params[0]!);
    return table ? json(tableJson(table, p)) : errorReply('storage', 404, `The table "${r.params[0]}" was not found`, 'storage.tables.notFound');
  }),
  route('storage', 'preview', 'GET', new RegExp(`^${S}/tables/${ID}/data-preview$`), (p, r) => {
    const table = p.tables.get(r.params[0]!);
    if (!table) return errorReply('storage', 404, `The table "${r.params[0]}" was not found`, 'storage.tables.notFound');
    const limit = Math.min(Number(r.query.get('limit') ?? 100), 1000);
    return { status: 200, text: Papa.unparse({ fields: table.columns, data: table.rows.slice(0, limit) }, { quotes: true, newline: '\n' }), headers: { 'content-type': 'text/csv; charset=utf-8' } };
  }),
  route('storage', 'export', 'POST', new RegExp(`^${S}/tables/${ID}/export-async$`), (p, r) => {
    const table = p.tables.get(r.params[0]!);
    if (!table) return errorReply('storage', 404, `The table "${r.params[0]}" was not found`, 'storage.tables.notFound');
    const gzip = formOf(r).get('gzip') === '1';
    return storageJob(p, 'tableExport', () => {
      // Exports carry no header row (keboola-api.md): the client adds the table's columns.
      const encode = (rows: string[][]) => {
        const bytes = new TextEncoder().encode(rows.length ? `${Papa.unparse(rows, { quotes: true, newline: '\n' })}\n` : '');
        return gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
      };
      const id = nextNumber();
      const name = `${table.id}.csv${gzip ? '.gz' : ''}`;
      // A sliced table is exported in up to 8 slices of at least 2 rows (Storage slices big tables; small ones get several here too).
      const per = Math.max(2, Math.ceil(table.rows.length / 8));
      const slices = table.sliced ? Array.from({ length: Math.ceil(table.rows.length / per) }, (_, i) => encode(table.rows.slice(i * per, i * per + per))) : undefined;
      p.files.set(id, { id, name, container: `exp-2-files-${p.id}`, blobName: `exp-15/${id}/${name}`, ...(slices ? { slices } : { body: encode(table.rows) }), isSliced: table.sliced === true, uploaded: true });
      return { file: { id } };
    });
  }),
  route('storage', 'storage-job', 'GET', new RegExp(`^${S}/jobs/${ID}$`), pollJob),
  route('storage', 'file', 'GET', new RegExp(`^${S}/files/${ID}$`), (p, r) => {
    const file = p.files.get(Number(r.params[0]));
    if (!file) return errorReply('storage', 404, `File ${r.params[0]} not found`, 'storage.files.notFound');
    const url = `${origin(r)}/blob/${p.id}/${file.id}${file.isSliced ? '/manifest' : ''}?sv=2017-11-09&sig=fake`;
    // federationToken=1 adds read credentials for the slices (kbcstorage reads absCredentials and absPath).
    const federated = file.isSliced && r.query.get('federationToken') === '1'
      ? { absCredentials: { SASConnectionString: `BlobEndpoint=${origin(r)}/abs;SharedAccessSignature=sv=2017-11-09&sr=c&sp=rl&sig=fake`, expiration: new Date(Date.now() + 3_600_000).toISOString() }, absPath: { container: file.container, name: `${file.blobName}.` } }
      : {};
    return json({ id: file.id, name: file.name, url, isSliced: file.isSliced, sizeBytes: file.body?.byteLength ?? 0, provider: 'azure', region: 'westeurope', isEncrypted: true, created: new Date().toISOString(), ...federated });
  }),
  route('storage', 'prepare', 'POST', new RegExp(`^${S}/files/prepare$`), (p, r) => {
    const form = formOf(r);
    const name = form.get('name');
    if (!name || form.get('federationToken') !== '1') return errorReply('storage', 400, 'name and federationToken=1 are required by this fake', 'storage.validation');
    const id = nextNumber();
    const file = { id, name, container: `exp-2-files-${p.id}`, blobName: `exp-15/files/${id}/${name}`, isSliced: false, uploaded: false };
    p.files.set(id, file);
    return json({
      id, name, provider: 'azure', region: 'westeurope', sizeBytes: Number(form.get('sizeBytes') ?? 0), isEncrypted: true,
      absUploadParams: {
        blobName: file.blobName, accountName: 'kbcfakeabs', container: file.container,
        absCredentials: { SASConnectionString: `BlobEndpoint=${origin(r)}/abs;SharedAccessSignature=sv=2017-11-09&sr=c&sp=wl&sig=fake%2Bsig`, expiration: new Date(Date.now() + 3_600_000).toISOString() },
      },
    });
  }),
  route('storage', 'import', 'POST', new RegExp(`^${S}/tables/${ID}/import-async$`), (p, r) => {
    const table = p.tables.get(r.params[0]!);
    if (!table) return errorReply('storage', 404, `The table "${r.params[0]}" was not found`, 'storage.tables.notFound');
    const form = formOf(r);
    const upload = parseUpload(p, form.get('dataFileId'));
    if ('status' in upload) return upload;
    return storageJob(p, 'tableImport', () => importInto(table, form.get('incremental') === '1', upload));
  }),
  route('storage', 'create-table', 'POST', new RegExp(`^${S}/buckets/${ID}/tables-async$`), (p, r) => {
    const bucketId = r.params[0]!;
    if (!p.buckets.has(bucketId)) return errorReply('storage', 404, `Bucket ${bucketId} not found`, 'storage.buckets.notFound');
    const form = formOf(r);
    const name = form.get('name') ?? '';
    const id = `${bucketId}.${name}`;
    if (p.tables.has(id)) return errorReply('storage', 400, `The table ${name} already exists.`, 'storage.tables.alreadyExists');
    const upload = parseUpload(p, form.get('dataFileId'));
    if ('status' in upload) return upload;
    const primaryKey = (form.get('primaryKey') ?? '').split(',').filter(Boolean);
    return storageJob(p, 'tableCreate', () => {
      p.tables.set(id, { id, name, bucket: bucketId, columns: upload.columns, primaryKey, rows: upload.rows, lastImportDate: new Date().toISOString() });
      return { id };
    });
  }),
];

/**
 * The same project resources under /v2/storage/branch/{id}/ (keboola-api.md "Branches"): the
 * branch id is taken off the path and the handler sees that branch's tables (keboola-http.ts).
 */
function onBranch(main: FakeRoute): FakeRoute {
  const path = new RegExp(main.path.source.replace('^\\/keboola\\/v2\\/storage\\/', '^\\/keboola\\/v2\\/storage\\/branch\\/([^/]+)\\/'));
  return { ...main, path, handle: (request) => main.handle({ ...request, branch: request.params[0]!, params: request.params.slice(1) } as BranchRequest) };
}

const BRANCHED = /^\^\\\/keboola\\\/v2\\\/storage\\\/(components|buckets|tables)/;

export const keboolaStorageRoutes: FakeRoute[] = [...mainRoutes, ...mainRoutes.filter((r) => BRANCHED.test(r.path.source)).map(onBranch)];
