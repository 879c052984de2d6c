import { BRANCH_ID, WORKSPACE_ID, nextNumber, projectById, takeFailure, type FakeProject, type QueryJob, type QueueJob } from './keboola-project';
import { warehouseOf } from './duckdb-attached';
import { errorReply, json, origin, record, route } from './keboola-http';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * The fake's other services: the Query Service under /keboola/query/api/v1 (submit → poll
 * created → processing → completed | failed → paged results), the Jobs Queue under
 * /keboola/queue (created → waiting → processing → success over polls; a disabled configuration
 * ends in error), and the presigned file links it hands out: Azure Put Blob uploads under
 * /keboola/abs/ and downloads under /keboola/blob/ (no Storage token there, like the real ones).
 */

const Q = '/keboola/query/api/v1';

/** Jobs still running in an attached DuckDB warehouse (duckdb-warehouse.ts); they report "processing". */
const running = new Set<string>();

/** Runs the job's statements in order in the project's DuckDB warehouse; the job completes (or fails) with the last. */
function runInWarehouse(project: FakeProject, job: QueryJob, statements: readonly string[]): void {
  running.add(job.id);
  const warehouse = warehouseOf(project.id)!;
  statements
    .reduce<Promise<{ columns: string[]; rows: unknown[][] }>>((previous, sql) => previous.then(() => warehouse.run(sql)), Promise.resolve({ columns: [], rows: [] }))
    .then((r) => Object.assign(job, r), (e: unknown) => (job.error = `SQL compilation error: ${e instanceof Error ? e.message : String(e)}`))
    .finally(() => running.delete(job.id));
}

/** Without a warehouse the fake cannot run SQL: it answers from a named project table, or with a generated "numbers" result. */
function answer(project: FakeProject, sql: string): Pick<QueryJob, 'columns' | 'rows' | 'error'> {
  if (/\bfail\b/i.test(sql)) return { columns: [], rows: [], error: `SQL compilation error: syntax error line 1 at position 0 unexpected '${sql.slice(0, 20)}'.` };
  const named = /from\s+"?([\w-]+)"?\."?([\w-]+)"?(?:\."?([\w-]+)"?)?/i.exec(sql);
  const tableId = named ? (named[3] ? `${named[1]}.${named[2]}.${named[3]}` : `${named[1]}.${named[2]}`) : undefined;
  const table = tableId ? [...project.tables.values()].find((t) => t.id === tableId || t.id.endsWith(`.${tableId}`)) : undefined;
  if (table) return { columns: table.columns, rows: table.rows };
  return { columns: ['n', 'square'], rows: Array.from({ length: project.queryRows }, (_, i) => [i + 1, (i + 1) * (i + 1)]) };
}

function queryJson(job: QueryJob) {
  const status = running.has(job.id) ? 'processing' : job.polls === 0 ? 'created' : job.polls === 1 ? 'processing' : job.error ? 'failed' : 'completed';
  const statementStatus = status === 'created' ? 'waiting' : status;
  return {
    queryJobId: job.id, status, actorType: 'user', createdAt: new Date().toISOString(), changedAt: new Date().toISOString(),
    statements: [{ id: job.statementId, query: job.sql, status: statementStatus, ...(status === 'failed' ? { error: job.error } : {}), ...(status === 'completed' ? { numberOfRows: job.rows.length } : {}) }],
  };
}

function queueJson(job: QueueJob, request: FakeRequest) {
  const isFinished = ['success', 'error', 'warning', 'cancelled', 'terminated'].includes(job.status);
  return { id: String(job.id), runId: String(job.id), status: job.status, isFinished, component: job.component, config: job.config, configRowIds: job.configRowIds, mode: 'run', url: `${origin(request)}/queue/jobs/${job.id}`, result: job.result ?? {} };
}

const QUEUE_STEPS = ['created', 'waiting', 'processing'];

/** Presigned links name the project in the path; the signature is all they need. */
function projectFromPath(request: FakeRequest): FakeProject | FakeReply {
  const project = projectById(Number(request.params[0]));
  if (!project || !request.query.get('sig')) return { status: 403, text: '<Error><Code>AuthenticationFailed</Code></Error>', headers: { 'content-type': 'application/xml' } };
  return project;
}

export const keboolaServiceRoutes: FakeRoute[] = [
  route('query', 'query-submit', 'POST', new RegExp(`^${Q}/branches/([^/]+)/workspaces/([^/]+)/queries$`), (p, r) => {
    if (r.params[0] !== String(BRANCH_ID) || r.params[1] !== String(WORKSPACE_ID)) return errorReply('query', 404, `Workspace ${r.params[1]} not found in branch ${r.params[0]}`);
    const statements = (r.body as { statements?: unknown } | undefined)?.statements;
    if (!Array.isArray(statements) || statements.length === 0 || typeof statements[0] !== 'string') return errorReply('query', 400, 'statements must be a non-empty array of strings');
    const sql = statements[statements.length - 1] as string;
    const base = { id: `qj-${nextNumber()}`, statements: statements as string[], sql, polls: 0, statementId: `st-${nextNumber()}` };
    const job: QueryJob = warehouseOf(p.id) ? { ...base, columns: [], rows: [] } : { ...base, ...answer(p, sql) };
    p.queries.set(job.id, job);
    if (warehouseOf(p.id)) runInWarehouse(p, job, job.statements);
    return json({ queryJobId: job.id, sessionId: `session-${p.id}` }, 201);
  }),
  route('query', 'query-status', 'GET', new RegExp(`^${Q}/queries/([^/]+)$`), (p, r) => {
    const job = p.queries.get(r.params[0]!);
    if (!job) return errorReply('query', 404, `Query job ${r.params[0]} not found`);
    const body = queryJson(job);
    job.polls += 1;
    return json(body);
  }),
  route('query', 'query-results', 'GET', new RegExp(`^${Q}/queries/([^/]+)/([^/]+)/results$`), (p, r) => {
    const job = p.queries.get(r.params[0]!);
    if (!job || job.statementId !== r.params[1]) return errorReply('query', 404, 'Statement not found');
    const offset = Number(r.query.get('offset') ?? 0);
    const pageSize = Number(r.query.get('pageSize') ?? 500);
    if (pageSize < 100 || pageSize > 10_000) return errorReply('query', 400, 'pageSize must be between 100 and 10000');
    return json({ status: 'completed', columns: job.columns.map((name) => ({ name, type: 'VARCHAR', nullable: true })), data: job.rows.slice(offset, offset + pageSize), numberOfRows: job.rows.length, rowsAffected: 0 });
  }),
  route('queue', 'queue-run', 'POST', /^\/keboola\/queue\/jobs$/, (p, r) => {
    // configData (the whole body, replacing the stored one) and configRowIds as the Queue takes them (developers.keboola.com/integrate/jobs).
    const body = r.body as { component?: string; config?: string; mode?: string; configData?: unknown; configRowIds?: unknown } | undefined;
    if (!body?.component || !body.config || body.mode !== 'run') return errorReply('queue', 400, 'component, config and mode "run" are required', 'queue.validation');
    if (body.configData !== undefined && (typeof body.configData !== 'object' || body.configData === null || Array.isArray(body.configData))) return errorReply('queue', 400, 'configData must be an object', 'queue.validation');
    if (body.configRowIds !== undefined && !(Array.isArray(body.configRowIds) && body.configRowIds.every((id) => typeof id === 'string'))) return errorReply('queue', 400, 'configRowIds must be an array of strings', 'queue.validation');
    const component = p.components.find((c) => c.id === body.component);
    if (!component?.configurations.some((c) => c.id === body.config && !c.isDeleted)) return errorReply('queue', 404, `Configuration "${body.config}" of component "${body.component}" not found.`, 'queue.configurationNotFound');
    const job: QueueJob = { id: nextNumber(), component: body.component, config: body.config, configRowIds: (body.configRowIds as string[] | undefined) ?? [], polls: 0, status: 'created', result: null };
    p.queueJobs.set(job.id, job);
    return json(queueJson(job, r), 201);
  }),
  route('queue', 'queue-job', 'GET', /^\/keboola\/queue\/jobs\/([^/]+)$/, (p, r) => {
    const job = p.queueJobs.get(Number(r.params[0]));
    if (!job) return errorReply('queue', 404, `Job "${r.params[0]}" not found`, 'queue.jobNotFound');
    job.polls += 1;
    if (job.polls < QUEUE_STEPS.length) job.status = QUEUE_STEPS[job.polls]!;
    else if (job.result === null) {
      const disabled = p.components.find((c) => c.id === job.component)?.configurations.find((c) => c.id === job.config)?.isDisabled;
      job.status = disabled ? 'error' : 'success';
      job.result = { message: disabled ? 'Configuration is disabled.' : 'Component processing finished.' };
    }
    return json(queueJson(job, r));
  }),
  {
    // Azure Put Blob with the SAS from files/prepare (container = exp-2-files-<project id>).
    method: 'PUT',
    path: /^\/keboola\/abs\/exp-2-files-(\d+)\/(.+)$/,
    handle(request) {
      const project = projectFromPath(request);
      if (!('files' in project)) return project;
      record(project, 'upload', request);
      if (header(request, 'x-ms-blob-type') !== 'BlockBlob') return { status: 400, text: '<Error><Code>MissingRequiredHeader</Code></Error>' };
      const file = [...project.files.values()].find((f) => f.blobName === decodeURIComponent(request.params[1]!));
      if (!file) return { status: 404, text: '<Error><Code>BlobNotFound</Code></Error>' };
      file.body = new TextEncoder().encode(request.rawBody);
      file.uploaded = true;
      return { status: 201, text: '' };
    },
  },
  {
    method: 'GET',
    path: /^\/keboola\/blob\/(\d+)\/(\d+)(\/manifest)?$/,
    handle(request) {
      const project = projectFromPath(request);
      if (!('files' in project)) return project;
      record(project, 'download', request);
      const file = project.files.get(Number(request.params[1]));
      if (!file || (request.params[2] ? !file.slices : !file.body)) return { status: 404, text: '<Error><Code>BlobNotFound</Code></Error>' };
      if (request.params[2]) return json({ entries: (file.slices ?? []).map((_, i) => ({ url: `azure://kbcfakeabs.blob.core.windows.net/${file.container}/${file.blobName}.part_${i}` })) });
      return { status: 200, bytes: file.body, headers: { 'content-type': 'application/octet-stream' } };
    },
  },
  {
    // Get Blob of one slice of a sliced export, with the SAS files/{id}?federationToken=1 gave.
    method: 'GET',
    path: /^\/keboola\/abs\/exp-2-files-(\d+)\/(.+)\.part_(\d+)$/,
    handle(request) {
      const project = projectFromPath(request);
      if (!('files' in project)) return project;
      record(project, 'download-slice', request);
      const failure = takeFailure(project, 'download-slice');
      if (failure) return { status: failure.status, text: `<Error><Code>${failure.message}</Code></Error>`, headers: { 'content-type': 'application/xml' } };
      const file = [...project.files.values()].find((f) => f.blobName === request.params[1]);
      const slice = file?.slices?.[Number(request.params[2])];
      if (!slice) return { status: 404, text: '<Error><Code>BlobNotFound</Code></Error>' };
      return { status: 200, bytes: slice, headers: { 'content-type': 'application/octet-stream' } };
    },
  },
];
