import type { ToolContext } from '../../../tools/types';
import type { BucketInfo, JobInfo, KeboolaBackend, QueryResult, TableInfo } from '../backend';
import { dedupe, firstRows, parseCsv, toCsv, upsert, type CsvTable } from './csv';
import { SampleBrokenTableError, SampleConflictError, SampleImportError, SampleNotFoundError, SampleQueryError } from './errors';
import { updateManifest, type Manifest, type TableEntry } from './manifest';
import { parseTableId, sampleComponents, sampleLineage, type TableRef } from './project';
import { seededManifest, seedProblem } from './seed';
import { sampleMetastore } from './metastore';
import { loadIntoWorkspace, mentionedTables, run, runWorkspace } from './workspace';
import { chunksOf } from '../../../streams';

/**
 * The built-in sample project (spec §7): what the Keboola tools talk to when no Keboola token is
 * configured. Tables are CSV in R2 under sample/<bucket>/<table>.csv with one manifest, seeded
 * from the bundle on first use; SQL runs in the run's own SQLite workspace.
 */
export function sampleBackend(ctx: ToolContext): KeboolaBackend {
  const bucket = ctx.env.BUCKET;
  const manifest = () => seededManifest(ctx.env);

  async function entry(tableId: string): Promise<{ table: TableRef; entry: TableEntry; manifest: Manifest }> {
    const current = await manifest();
    const table = parseTableId(tableId);
    const found = table && current.tables[tableId];
    const problem = !found ? seedProblem(tableId) : undefined;
    if (problem) throw new SampleBrokenTableError(tableId, problem);
    if (!table || !found) throw new SampleNotFoundError('Table', tableId, Object.keys(current.tables).sort());
    return { table, entry: found, manifest: current };
  }

  async function storedCsv(tableId: string, current?: Manifest): Promise<string> {
    const table = current ? parseTableId(tableId)! : (await entry(tableId)).table;
    const object = await bucket.get(table.key);
    if (!object) throw new SampleNotFoundError('Table', tableId, [`(its data is missing from R2 at ${table.key})`]);
    return object.text();
  }

  return {
    kind: 'sample',
    ...sampleMetastore(bucket),

    async listBuckets(): Promise<BucketInfo[]> {
      const { buckets } = await manifest();
      return Object.keys(buckets).sort().map((id) => bucketInfo(id, buckets[id]!.description));
    },

    async listTables(bucketId?: string): Promise<TableInfo[]> {
      const current = await manifest();
      if (bucketId !== undefined && !current.buckets[bucketId]) throw new SampleNotFoundError('Bucket', bucketId, Object.keys(current.buckets).sort());
      return Object.keys(current.tables)
        .sort()
        .map((id) => tableInfo(id, current.tables[id]!))
        .filter((t) => bucketId === undefined || t.bucket === bucketId);
    },

    async tableDetail(tableId: string): Promise<TableInfo> {
      return tableInfo(tableId, (await entry(tableId)).entry);
    },

    async preview(tableId: string, limit: number): Promise<string> {
      return firstRows(await storedCsv(tableId), limit);
    },

    async exportCsv(tableId: string): Promise<string> {
      return storedCsv(tableId);
    },

    async exportChunks(tableId: string): Promise<AsyncIterable<Uint8Array>> {
      const { table } = await entry(tableId);
      const object = await bucket.get(table.key);
      if (!object) throw new SampleNotFoundError('Table', tableId, [`(its data is missing from R2 at ${table.key})`]);
      return chunksOf(object.body);
    },

    async importCsv(tableId, csv, options) {
      const table = parseTableId(tableId);
      if (!table) throw new SampleImportError(tableId, 'a table id looks like in.c-<bucket>.<table> or out.c-<bucket>.<table> (letters, digits, _ and -)');
      const fail = (problem: string) => new SampleImportError(tableId, problem);
      const incoming = parseCsv(csv, fail);
      const existing = (await manifest()).tables[tableId];
      const primaryKey = checkPrimaryKey(tableId, incoming, existing, options.primary_key);
      let data: CsvTable;
      let previous: R2Object | null = null;
      if (existing && options.incremental) {
        const object = await bucket.get(table.key);
        if (!object) throw new SampleNotFoundError('Table', tableId, [`(its data is missing from R2 at ${table.key})`]);
        previous = object;
        const current = parseCsv(await object.text(), fail);
        const extra = incoming.columns.filter((c) => !current.columns.includes(c));
        if (extra.length > 0) throw fail(`columns ${extra.join(', ')} are not in the table (it has ${current.columns.join(', ')}); an incremental load cannot add columns`);
        data = upsert(current, incoming, primaryKey);
      } else {
        // A full load replaces the data and takes the CSV's columns. The etag comes from R2, not the
        // manifest, so data left by an interrupted import is replaced rather than blocking forever.
        data = dedupe(incoming, primaryKey);
        previous = await bucket.head(table.key);
      }
      const text = toCsv(data);
      // Only over the version we read (or only if still absent), so a concurrent import is refused, not lost.
      const written = await bucket.put(table.key, text, {
        httpMetadata: { contentType: 'text/csv; charset=utf-8' },
        onlyIf: previous ? { etagMatches: previous.etag } : new Headers({ 'if-none-match': '*' }),
      });
      if (!written) throw new SampleConflictError(`Table "${tableId}" changed while importing into it; nothing was written. Import again if it should still apply.`);
      const now = new Date().toISOString();
      await updateManifest(bucket, (m) => {
        m.buckets[table.bucket] ??= { created: now };
        m.tables[tableId] = {
          columns: data.columns, primary_key: primaryKey, rows_count: data.rows.length, data_size_bytes: new TextEncoder().encode(text).byteLength,
          created: m.tables[tableId]?.created ?? now, last_import_date: now, last_change_date: now, etag: written.etag,
          ...(m.tables[tableId]?.description ? { description: m.tables[tableId]!.description } : {}),
          ...keptDescriptions(m.tables[tableId], data.columns),
        };
        return true;
      });
      return { table_id: tableId, rows: incoming.rows.length, created: !existing };
    },

    async query(sql, options): Promise<QueryResult> {
      const current = await manifest();
      const workspace = runWorkspace(ctx);
      await loadIntoWorkspace(workspace, current, mentionedTables(sql, current), (id) => storedCsv(id, current));
      const results = await run(workspace, [sql]).catch((error: unknown) => {
        // SQLite only says "no such table"; for a storage table id, name the tables that do exist.
        const missing = error instanceof SampleQueryError ? /no such table: ((?:in|out)\.c-[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(error.message) : null;
        throw missing ? new SampleNotFoundError('Table', missing[1]!, Object.keys(current.tables).sort()) : error;
      });
      const last = results[results.length - 1]!;
      const rows = last.rows.slice(0, options.max_rows);
      return { columns: last.columns, rows, row_count: last.rows.length, truncated: last.rows.length > rows.length };
    },

    async listComponents() {
      return sampleComponents();
    },

    async lineage() {
      return sampleLineage();
    },

    // The sample keeps no configuration bodies: an override (configData) has nothing to change, as every sample job changes no tables.
    async readConfiguration(component, config) {
      sampleConfiguration(component, config);
      return { configuration: {}, rows: [] };
    },

    async runJob(component, config): Promise<JobInfo> {
      const { found, configuration } = sampleConfiguration(component, config);
      const job = { id: `sample-${crypto.randomUUID()}`, component, config, is_finished: true };
      if (configuration.is_disabled) return { ...job, status: 'error', message: `Configuration "${configuration.name}" is disabled; the sample project did not run it.` };
      return {
        ...job,
        status: 'success',
        message: `Ran "${configuration.name}" (${found.name} ${found.type}) on the built-in sample project: it finished at once and changed no tables.`,
      };
    },
  };
}

function sampleConfiguration(component: string, config: string) {
  const components = sampleComponents();
  const found = components.find((c) => c.id === component);
  if (!found) throw new SampleNotFoundError('Component', component, components.map((c) => c.id));
  const configuration = found.configurations.find((c) => c.id === config);
  if (!configuration) throw new SampleNotFoundError('Configuration', `${component}/${config}`, found.configurations.map((c) => `${c.id} (${c.name})`));
  return { found, configuration };
}

/** Keboola keeps a table's primary key; an import may set it only when creating the table. */
function checkPrimaryKey(tableId: string, incoming: CsvTable, existing: TableEntry | undefined, requested: string[] | undefined): string[] {
  const primaryKey = existing ? existing.primary_key : (requested ?? []);
  if (existing && requested && requested.length > 0 && requested.join() !== primaryKey.join()) {
    throw new SampleImportError(tableId, `the table's primary key is [${primaryKey.join(', ')}]; the import asks for [${requested.join(', ')}]`);
  }
  const missing = primaryKey.filter((c) => !incoming.columns.includes(c));
  if (missing.length > 0) throw new SampleImportError(tableId, `primary key column(s) ${missing.join(', ')} are not in the CSV`);
  return primaryKey;
}

/** An import keeps the descriptions of the columns it keeps (an upload's original header names). */
function keptDescriptions(entry: TableEntry | undefined, columns: string[]): Pick<TableEntry, 'column_descriptions'> {
  const kept = Object.entries(entry?.column_descriptions ?? {}).filter(([name]) => columns.includes(name));
  return kept.length > 0 ? { column_descriptions: Object.fromEntries(kept) } : {};
}

function bucketInfo(id: string, description: string | undefined): BucketInfo {
  const [stage, name] = id.split('.') as ['in' | 'out', string];
  return { id, name, stage, ...(description ? { description } : {}) };
}

function tableInfo(id: string, entry: TableEntry): TableInfo {
  const table = parseTableId(id)!;
  return {
    id, name: table.name, bucket: table.bucket, columns: entry.columns, primary_key: entry.primary_key,
    rows_count: entry.rows_count, data_size_bytes: entry.data_size_bytes, last_import_date: entry.last_import_date, last_change_date: entry.last_change_date,
    ...(entry.column_descriptions ? { column_descriptions: entry.column_descriptions } : {}),
  };
}
