import { KeboolaApiError } from './errors';
import { downloadChunks, downloadText, uploadPrepared, type PreparedFile, type StorageFile } from './files';
import { KeboolaTransport, type KeboolaRequest, type TransportOptions } from './transport';
import { QueryService, type QueryOutcome } from './query-service';
import { JobsQueue, type QueueJob } from './jobs-queue';
import type { JobOverride } from './backend';
import { fastSchedule, waitFor } from './poll';

/**
 * A real HTTP client for Keboola Connection (keboola-api.md): Storage API under /v2/storage, the
 * Query Service and the Jobs Queue, all with `X-StorageApi-Token`. Shapes follow Keboola's own
 * clients (sapi-python-client, query-service-api-python-sdk). The token never leaves this object:
 * tokens/verify echoes it and is stripped, error texts are scrubbed.
 */

export type KeboolaClientOptions = Omit<TransportOptions, 'token'> & {
  /** The stack's Storage URL, e.g. https://connection.keboola.com (a path prefix is kept). */
  url: string;
  token: string;
  /** A dev branch's id: project resources are then read and written under /v2/storage/branch/{id}/. */
  branch?: string | undefined;
  /** The Query Service needs numeric ids; without them the default branch and the first read-only workspace are used. */
  branchId?: string;
  workspaceId?: string;
  /** How long a storage job, query or queue job may take before we stop waiting. */
  maxWaitMs?: number;
};

export type TokenInfo = {
  id: string; description?: string; isMasterToken?: boolean; canManageBuckets?: boolean; expires?: string | null;
  owner?: { id: number; name: string; defaultBackend?: string; features?: string[] }; bucketPermissions?: Record<string, string>;
} & Record<string, unknown>;
export type KeboolaBucket = { id: string; name: string; stage: string; description?: string; backend?: string };
export type KeboolaTable = {
  id: string; name: string; bucket?: { id: string } | string; primaryKey?: string[]; columns?: string[];
  rowsCount?: number | null; dataSizeBytes?: number | null; lastImportDate?: string | null; lastChangeDate?: string | null;
};
/** A configuration's body as far as lineage reads it: the input and output mappings (also on each row). */
export type ConfigurationBody = { storage?: { input?: { tables?: { source?: string }[] }; output?: { tables?: { destination?: string }[] } } };
export type KeboolaComponent = {
  id: string; name: string; type: string; categories?: string[];
  /** JSON Schemas of `parameters` for a configuration and for a row; `{}` when the component has none. */
  configurationSchema?: Record<string, unknown>; configurationRowSchema?: Record<string, unknown>;
  configurations?: KeboolaConfiguration[];
};
export type KeboolaConfiguration = {
  id: string; name: string; description?: string; isDisabled?: boolean; isDeleted?: boolean; version?: number;
  configuration?: ConfigurationBody & Record<string, unknown>;
  rows?: { id?: string; name?: string; isDisabled?: boolean; configuration?: ConfigurationBody & Record<string, unknown> }[];
};
export type StorageJob = {
  id: number | string; status: string; operationName?: string; url?: string;
  results?: Record<string, unknown> | null; error?: { code?: string; message?: string; exceptionId?: string } | null;
};

export const DEFAULT_MAX_WAIT_MS = 10 * 60_000;

export class KeboolaClient {
  readonly transport: KeboolaTransport;
  readonly storageUrl: string;
  readonly maxWaitMs: number;
  private services?: Promise<{ id: string; url: string }[]>;
  private readonly query: QueryService;
  private readonly queue: JobsQueue;

  constructor(private readonly options: KeboolaClientOptions) {
    this.transport = new KeboolaTransport(options);
    this.storageUrl = `${options.url.replace(/\/+$/, '')}/v2/storage`;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.query = new QueryService(this, { branchId: options.branchId, workspaceId: options.workspaceId });
    this.queue = new JobsQueue(this);
  }

  // ---- Storage: reads (retried when transient) ------------------------------------------

  async verifyToken(): Promise<TokenInfo> {
    const info = await this.get<TokenInfo>('tokens/verify', 'verify the token');
    return stripToken(info, this.options.token) as TokenInfo;
  }

  /** Components that have configurations, each with them and their rows (the project's configured extractors, writers, …) and schemas. */
  listComponents(): Promise<KeboolaComponent[]> {
    return this.get(this.scoped('components?include=configuration,rows'), 'list components and their configurations');
  }

  /** Components with their configurations' bodies and rows: the input/output mappings lineage is derived from. */
  listConfigurationMappings(): Promise<KeboolaComponent[]> {
    return this.get(this.scoped('components?include=configuration,rows'), 'read configurations and their table mappings');
  }

  /** One configuration with its body and rows (`GET components/{component}/configs/{config}`). */
  configuration(component: string, config: string): Promise<KeboolaConfiguration> {
    return this.get(this.scoped(`components/${encodeURIComponent(component)}/configs/${encodeURIComponent(config)}`), `read configuration ${config} of ${component}`);
  }

  listBuckets(): Promise<KeboolaBucket[]> {
    return this.get(this.scoped('buckets'), 'list buckets');
  }

  /** `undefined` when the bucket does not exist. */
  async bucket(bucketId: string): Promise<KeboolaBucket | undefined> {
    return notFoundAsUndefined(this.get<KeboolaBucket>(this.scoped(`buckets/${encodeURIComponent(bucketId)}`), `read bucket ${bucketId}`));
  }

  listTables(bucketId?: string): Promise<KeboolaTable[]> {
    return bucketId
      ? this.get(this.scoped(`buckets/${encodeURIComponent(bucketId)}/tables?include=columns`), `list tables in ${bucketId}`)
      : this.get(this.scoped('tables?include=columns'), 'list tables');
  }

  tableDetail(tableId: string): Promise<KeboolaTable> {
    return this.get(this.scoped(`tables/${encodeURIComponent(tableId)}`), `read table ${tableId}`);
  }

  /** CSV text with a header row; Storage caps it at 1,000 rows. */
  preview(tableId: string, limit: number): Promise<string> {
    return this.transport.text({ ...this.storage(this.scoped(`tables/${encodeURIComponent(tableId)}/data-preview?limit=${limit}`), `preview table ${tableId}`), headers: { accept: 'text/csv' } });
  }

  listBranches(): Promise<{ id: number | string; name: string; isDefault: boolean }[]> {
    return this.get('dev-branches', 'list branches');
  }

  listWorkspaces(branchId: string): Promise<{ id: number | string; readOnlyStorageAccess?: boolean }[]> {
    return this.get(`branch/${encodeURIComponent(branchId)}/workspaces`, 'list workspaces');
  }

  // ---- Storage: async export and import --------------------------------------------------

  /** The table's rows as CSV without a header row (exports never have one): export-async → job → file → download. */
  async exportTable(tableId: string): Promise<string> {
    const { file, operation } = await this.exportFile(tableId);
    return downloadText(this.transport, file, operation);
  }

  /** The same rows as chunks while they download (files.ts downloadChunks). */
  async exportTableChunks(tableId: string): Promise<AsyncIterable<Uint8Array>> {
    const { file, operation } = await this.exportFile(tableId);
    return downloadChunks(this.transport, file, operation);
  }

  /** export-async → storage job → the exported file's description (download URL, slices, credentials). */
  async exportFile(tableId: string): Promise<{ file: StorageFile; operation: string }> {
    const operation = `export table ${tableId}`;
    // format/gzip as the Python client sends them; fileType from keboola-api.md (csv, not parquet).
    const form = new URLSearchParams({ format: 'rfc', gzip: '1', fileType: 'csv' });
    const job = await this.transport.json<StorageJob>({ ...this.storage(this.scoped(`tables/${encodeURIComponent(tableId)}/export-async`), operation), method: 'POST', form, retry: 'never' });
    const done = await this.waitForStorageJob(job, operation);
    const fileId = (done.results?.file as { id?: number | string } | undefined)?.id;
    if (fileId === undefined) throw new KeboolaApiError(`Keboola's export job ${done.id} finished without a file.`, { service: 'storage', operation, code: 'bad_response', retryable: false });
    const file = await this.get<StorageFile>(`files/${encodeURIComponent(String(fileId))}?federationToken=1`, `read exported file ${fileId}`);
    return { file, operation: `download the export of ${tableId}` };
  }

  /** files/prepare → upload; returns the file id an import can name. */
  async uploadFile(name: string, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<string> {
    const form = new URLSearchParams({ name, sizeBytes: String(bytes.byteLength), federationToken: '1', isEncrypted: '1', notify: '0' });
    form.append('tags[]', 'agent-studio');
    const prepared = await this.transport.json<PreparedFile>({ ...this.storage('files/prepare', `prepare upload of ${name}`), method: 'POST', form, retry: 'never' });
    await uploadPrepared(this.transport, prepared, bytes, contentType);
    return String(prepared.id);
  }

  /** Loads an uploaded file into an existing table. Sent once, never retried: a repeat duplicates rows. */
  async importIntoTable(tableId: string, fileId: string, incremental: boolean): Promise<StorageJob> {
    const operation = `import into table ${tableId}`;
    const form = new URLSearchParams({ dataFileId: fileId, incremental: incremental ? '1' : '0' });
    const job = await this.transport.json<StorageJob>({ ...this.storage(this.scoped(`tables/${encodeURIComponent(tableId)}/import-async`), operation), method: 'POST', form, retry: 'never' });
    return this.waitForStorageJob(job, operation);
  }

  /** Creates a table from an uploaded file (header row = columns). Never retried. */
  async createTable(bucketId: string, name: string, fileId: string, primaryKey: string[]): Promise<StorageJob> {
    const operation = `create table ${bucketId}.${name}`;
    // primaryKey comma-joined, as kbcstorage's create_raw sends it.
    const form = new URLSearchParams({ name, dataFileId: fileId, ...(primaryKey.length ? { primaryKey: primaryKey.join(',') } : {}) });
    const job = await this.transport.json<StorageJob>({ ...this.storage(this.scoped(`buckets/${encodeURIComponent(bucketId)}/tables-async`), operation), method: 'POST', form, retry: 'never' });
    return this.waitForStorageJob(job, operation);
  }

  /** `name` without the "c-" prefix Storage adds: ("out", "crm") → out.c-crm. */
  createBucket(stage: 'in' | 'out', name: string, description: string): Promise<KeboolaBucket> {
    return this.transport.json({ ...this.storage(this.scoped('buckets'), `create bucket ${stage}.c-${name}`), method: 'POST', json: { stage, name, description }, retry: 'never' });
  }

  /** Polls a storage job to success; an `error` status becomes a KeboolaApiError with Keboola's message. */
  async waitForStorageJob(job: StorageJob, operation: string): Promise<StorageJob> {
    const { last: done, finished } = await waitFor(this, {
      schedule: fastSchedule(this.transport.backoffMs),
      poll: () => this.get<StorageJob>(`jobs/${encodeURIComponent(String(job.id))}`, `check storage job ${job.id}`),
      finished: (j) => j.status === 'success' || j.status === 'error',
      first: job,
    });
    if (!finished) {
      throw new KeboolaApiError(`Keboola's storage job ${done.id} (${operation}) did not finish within ${this.maxWaitMs / 1000} s; it may still finish: check the project before trying again.`, {
        service: 'storage', operation, code: 'still_running', retryable: false,
      });
    }
    if (done.status === 'error') {
      const said = done.error?.message ? `: ${this.transport.scrub(done.error.message)}` : '';
      throw new KeboolaApiError(`Keboola could not ${operation}: storage job ${done.id} failed${said}.`, {
        service: 'storage', operation, code: done.error?.code ?? 'job_failed', ...(done.error?.exceptionId ? { exceptionId: done.error.exceptionId } : {}), retryable: false,
      });
    }
    return done;
  }

  // ---- Query Service and Jobs Queue --------------------------------------------------------

  runQuery(sql: string, maxRows: number): Promise<QueryOutcome> {
    return this.query.run(sql, maxRows);
  }

  runJob(component: string, config: string, override?: JobOverride): Promise<QueueJob & { waited_out: boolean }> {
    return this.queue.run(component, config, this.options.branch, override);
  }

  /**
   * Base URL of another service on the same stack: connection.<stack> → <id>.<stack>
   * (keboola-api.md "Conventions"), else the `services` list of the Storage index.
   */
  async serviceUrl(id: 'query' | 'queue' | 'metastore' | 'notification'): Promise<string> {
    const derived = deriveServiceUrl(this.options.url, id);
    if (derived) return derived;
    this.services ??= this.get<{ services?: { id: string; url: string }[] }>('?exclude=components', 'read the stack index').then((index) => index.services ?? []);
    const service = (await this.services).find((s) => s.id === id);
    if (!service) {
      throw new KeboolaApiError(`The Keboola stack at ${new URL(this.options.url).host} lists no "${id}" service.`, { service: 'storage', operation: `find the ${id} service`, code: 'no_service', retryable: false });
    }
    return service.url.replace(/\/+$/, '');
  }

  get<T>(path: string, operation: string): Promise<T> {
    return this.transport.json<T>(this.storage(path, operation));
  }

  /** A project resource's path on the client's branch: unchanged on the main branch, under branch/{id}/ on a dev branch. */
  scoped(path: string): string {
    return this.options.branch ? `branch/${encodeURIComponent(this.options.branch)}/${path}` : path;
  }

  private storage(path: string, operation: string): KeboolaRequest {
    return { service: 'storage', operation, method: 'GET', url: `${this.storageUrl}/${path}`, retry: 'safe' };
  }
}

/** "https://connection.eu-central-1.keboola.com" → "https://queue.eu-central-1.keboola.com"; undefined for other hosts. */
export function deriveServiceUrl(storageUrl: string, id: string): string | undefined {
  const url = new URL(storageUrl);
  if (!url.hostname.startsWith('connection.')) return undefined;
  return `${url.protocol}//${id}.${url.hostname.slice('connection.'.length)}${url.port ? `:${url.port}` : ''}`;
}

/** Removes the token wherever tokens/verify echoes it (the `token` field, or any string equal to it). */
function stripToken(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return value.map((v) => stripToken(v, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key, v]) => key !== 'token' && v !== token).map(([key, v]) => [key, stripToken(v, token)]));
  }
  return typeof value === 'string' && token ? value.split(token).join('[token]') : value;
}

async function notFoundAsUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof KeboolaApiError && error.status === 404) return undefined;
    throw error;
  }
}
