import type { BucketInfo, ComponentInfo, ConfigurationLineage, JobInfo, JobOverride, KeboolaBackend, QueryResult, SemanticObject, SemanticWrite, StoredConfiguration, TableInfo } from './backend';
import { csvShape, withHeader } from './csv';
import { KeboolaApiError } from './errors';
import type { ConfigurationBody, KeboolaClient, KeboolaTable } from './http-client';
import { Metastore, type MetastoreObject } from './metastore';

/**
 * KeboolaBackend over the real HTTP client: maps Keboola's shapes onto the backend's, and composes
 * the multi-request flows (export with its header row, import that creates the bucket and table
 * when missing). Imports go through exactly once — no retry here or below.
 */
export class HttpKeboolaBackend implements KeboolaBackend {
  readonly kind = 'keboola' as const;

  private readonly metastore: Metastore;

  /** The Metastore names the main branch "main" and a dev branch by its id. */
  private readonly metastoreBranch: string;

  constructor(readonly client: KeboolaClient, devBranch?: string) {
    this.metastore = new Metastore(client);
    this.metastoreBranch = devBranch ?? METASTORE_MAIN;
  }

  async listBuckets(): Promise<BucketInfo[]> {
    return (await this.client.listBuckets()).map((b) => ({
      id: b.id, name: b.name, stage: b.stage === 'out' ? 'out' : 'in', ...(b.description ? { description: b.description } : {}),
    }));
  }

  async listTables(bucketId?: string): Promise<TableInfo[]> {
    return (await this.client.listTables(bucketId)).map(toTableInfo);
  }

  async tableDetail(tableId: string): Promise<TableInfo> {
    return toTableInfo(await this.client.tableDetail(tableId));
  }

  preview(tableId: string, limit: number): Promise<string> {
    return this.client.preview(tableId, Math.max(1, Math.min(limit, 1_000)));
  }

  async exportCsv(tableId: string): Promise<string> {
    const detail = await this.client.tableDetail(tableId);
    return withHeader(detail.columns ?? [], await this.client.exportTable(tableId));
  }

  async exportChunks(tableId: string): Promise<AsyncIterable<Uint8Array>> {
    const detail = await this.client.tableDetail(tableId);
    const rows = await this.client.exportTableChunks(tableId);
    const header = new TextEncoder().encode(withHeader(detail.columns ?? [], ''));
    return (async function* () {
      yield header;
      yield* rows;
    })();
  }

  async importCsv(tableId: string, csv: string, options: { incremental: boolean; primary_key?: string[] }): Promise<{ table_id: string; rows: number; created: boolean }> {
    const target = parseTableId(tableId);
    const exists = await this.client.tableDetail(tableId).then(() => true, (error: unknown) => {
      if (error instanceof KeboolaApiError && error.status === 404) return false;
      throw error;
    });
    if (!exists && !(await this.client.bucket(target.bucketId))) {
      if (!target.bucketName) {
        throw new KeboolaApiError(`Bucket ${target.bucketId} does not exist and cannot be created under that id (Storage names new buckets "${target.stage}.c-<name>").`, {
          service: 'storage', operation: `import into table ${tableId}`, code: 'bad_bucket', retryable: false,
        });
      }
      await this.client.createBucket(target.stage, target.bucketName, 'Created by Agent Studio');
    }
    const fileId = await this.client.uploadFile(`${target.table}.csv`, new TextEncoder().encode(csv), 'text/csv');
    if (exists) await this.client.importIntoTable(tableId, fileId, options.incremental);
    else await this.client.createTable(target.bucketId, target.table, fileId, options.primary_key ?? []);
    return { table_id: tableId, rows: csvShape(csv).rows, created: !exists };
  }

  async query(sql: string, options: { max_rows: number }): Promise<QueryResult> {
    const outcome = await this.client.runQuery(sql, options.max_rows);
    return { columns: outcome.columns, rows: outcome.rows, row_count: outcome.total_rows, truncated: outcome.total_rows > outcome.rows.length };
  }

  async listComponents(): Promise<ComponentInfo[]> {
    return (await this.client.listComponents()).map((c) => ({
      id: c.id,
      name: c.name,
      type: c.type,
      configurations: (c.configurations ?? []).filter((cfg) => !cfg.isDeleted).map((cfg) => {
        const rows = (cfg.rows ?? []).filter((r) => r.id !== undefined).map((r) => ({ id: String(r.id), name: r.name ?? String(r.id), is_disabled: r.isDisabled === true }));
        return { id: String(cfg.id), name: cfg.name, is_disabled: cfg.isDisabled === true, ...(rows.length ? { rows } : {}) };
      }),
      ...(c.configurationSchema ? { configuration_schema: c.configurationSchema } : {}),
      ...(c.configurationRowSchema ? { row_schema: c.configurationRowSchema } : {}),
    }));
  }

  async readConfiguration(component: string, config: string): Promise<StoredConfiguration> {
    const stored = await this.client.configuration(component, config);
    return {
      configuration: stored.configuration ?? {},
      rows: (stored.rows ?? []).filter((r) => r.id !== undefined).map((r) => ({ id: String(r.id), configuration: r.configuration ?? {} })),
    };
  }

  async runJob(component: string, config: string, override?: JobOverride): Promise<JobInfo> {
    const job = await this.client.runJob(component, config, override);
    return {
      id: String(job.id),
      status: job.status,
      is_finished: !job.waited_out,
      component: job.component ?? component,
      config: job.config ?? config,
      ...(job.result?.message ? { message: job.result.message } : {}),
      ...(job.url ? { url: job.url } : {}),
    };
  }

  async lineage(): Promise<ConfigurationLineage[]> {
    return (await this.client.listConfigurationMappings()).flatMap((c) =>
      (c.configurations ?? []).filter((cfg) => !cfg.isDeleted).map((cfg) => {
        // A transformation or extractor may map tables on its rows instead of (or besides) the configuration itself.
        const bodies = [cfg.configuration, ...(cfg.rows ?? []).filter((r) => !r.isDisabled).map((r) => r.configuration)];
        return {
          component: c.id, component_name: c.name, component_type: c.type, config: String(cfg.id), config_name: cfg.name, is_disabled: cfg.isDisabled === true,
          inputs: mapped(bodies, (b) => b.storage?.input?.tables?.map((t) => t.source)),
          outputs: mapped(bodies, (b) => b.storage?.output?.tables?.map((t) => t.destination)),
        };
      }));
  }

  async listSemantic(type: string): Promise<SemanticObject[]> {
    return (await this.metastore.list(type, this.metastoreBranch)).map(toSemantic);
  }

  async getSemantic(type: string, id: string): Promise<SemanticObject> {
    return toSemantic(await this.metastore.get(type, id));
  }

  async putSemantic(type: string, object: SemanticWrite): Promise<SemanticObject & { created: boolean }> {
    const write = { name: object.name, data: object.data, branch: this.metastoreBranch };
    // By name when no id is given, so a rerun updates the definition it registered before instead of adding another.
    const id = object.id ?? (await this.metastore.list(type, this.metastoreBranch)).find((o) => o.meta?.name === object.name)?.id;
    if (id) return { ...toSemantic(await this.metastore.replace(type, id, write)), created: false };
    return { ...toSemantic(await this.metastore.create(type, write)), created: true };
  }
}

/** The Metastore's name for the default branch (keboola-api.md: create body `branch: "main"`). */
const METASTORE_MAIN = 'main';

function mapped(bodies: (ConfigurationBody | undefined)[], pick: (b: ConfigurationBody) => (string | undefined)[] | undefined): string[] {
  return [...new Set(bodies.flatMap((b) => (b ? pick(b) ?? [] : [])).filter((t): t is string => typeof t === 'string' && t.length > 0))].sort();
}

function toSemantic(o: MetastoreObject): SemanticObject {
  return {
    type: o.type, id: String(o.id), name: o.meta?.name ?? '', branch: o.meta?.branch ?? METASTORE_MAIN,
    revision: o.meta?.revision ?? null, updated: o.meta?.lastUpdated ?? null, data: o.attributes ?? {},
  };
}

function toTableInfo(t: KeboolaTable): TableInfo {
  const bucket = typeof t.bucket === 'string' ? t.bucket : t.bucket?.id ?? t.id.split('.').slice(0, 2).join('.');
  return {
    id: t.id,
    name: t.name,
    bucket,
    columns: t.columns ?? [],
    primary_key: t.primaryKey ?? [],
    rows_count: t.rowsCount ?? null,
    data_size_bytes: t.dataSizeBytes ?? null,
    last_import_date: t.lastImportDate ?? null,
    last_change_date: t.lastChangeDate ?? null,
  };
}

/** "out.c-crm.contacts" → stage out, bucket out.c-crm (name "crm" for bucket creation), table contacts. */
export function parseTableId(tableId: string): { stage: 'in' | 'out'; bucketId: string; bucketName?: string; table: string } {
  const match = /^(in|out)\.([^.]+)\.([^.]+)$/.exec(tableId);
  if (!match) {
    throw new KeboolaApiError(`"${tableId}" is not a Storage table id such as "out.c-crm.contacts".`, { service: 'storage', operation: 'read the table id', code: 'bad_table_id', retryable: false });
  }
  const [, stage, bucket, table] = match as unknown as [string, 'in' | 'out', string, string];
  return { stage, bucketId: `${stage}.${bucket}`, ...(bucket.startsWith('c-') && bucket.length > 2 ? { bucketName: bucket.slice(2) } : {}), table };
}
