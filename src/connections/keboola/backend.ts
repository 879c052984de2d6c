/**
 * The seam between Keboola tools and where the data lives (style.md #3): the real Keboola
 * project over HTTP (Storage API, Query Service, Jobs Queue), or the built-in sample project
 * (CSV in R2, SQL in the run's workspace) when no Keboola token is configured. Tools call only
 * this interface, so a Playbook runs the same against both.
 */

export type BucketInfo = { id: string; name: string; stage: 'in' | 'out'; description?: string };

export type TableInfo = {
  id: string; // e.g. "in.c-salesforce.contacts"
  name: string;
  bucket: string;
  columns: string[];
  primary_key: string[];
  rows_count: number | null;
  data_size_bytes: number | null;
  last_import_date: string | null;
  last_change_date: string | null;
  /** Column name → its description (for an uploaded CSV, the header the file had where it was not a safe name). */
  column_descriptions?: Record<string, string>;
};

export type QueryResult = { columns: string[]; rows: unknown[][]; row_count: number; truncated: boolean };

export type JobInfo = { id: string; status: string; is_finished: boolean; component: string; config: string; message?: string; url?: string };

export type ComponentInfo = {
  id: string; // e.g. "keboola.ex-salesforce"
  name: string;
  type: string; // extractor | writer | application | transformation | ...
  /** Rows only where the configuration has some (a DB extractor's tables, each its own query). */
  configurations: { id: string; name: string; is_disabled: boolean; rows?: { id: string; name: string; is_disabled: boolean }[] }[];
  /** The component's JSON Schemas of a configuration's and a row's `parameters` (Storage sends `{}` for none). */
  configuration_schema?: Record<string, unknown>;
  row_schema?: Record<string, unknown>;
};

/** A stored configuration's body (`configuration`) and its rows' bodies: what a job with `configData` replaces. */
export type StoredConfiguration = { configuration: Record<string, unknown>; rows: { id: string; configuration: Record<string, unknown> }[] };

/** A job of a stored configuration run with a body of our own (Queue `configData`), limited to rows when given. */
export type JobOverride = { configData: Record<string, unknown>; rowIds?: string[] };

/** A semantic-layer definition (Keboola's Metastore: semantic-dataset, semantic-model, semantic-metric, ...). */
export type SemanticObject = {
  type: string;
  id: string;
  name: string;
  /** "main", or the dev branch it lives on. */
  branch: string;
  revision: number | null;
  updated: string | null;
  data: Record<string, unknown>;
};

/** One configuration's table lineage: the Storage tables its input mapping reads and its output mapping writes. */
export type ConfigurationLineage = {
  component: string;
  component_name: string;
  component_type: string;
  config: string;
  config_name: string;
  is_disabled: boolean;
  inputs: string[];
  outputs: string[];
};

export type SemanticWrite = { id?: string | undefined; name: string; data: Record<string, unknown> };

export interface KeboolaBackend {
  readonly kind: 'keboola' | 'sample';
  listBuckets(): Promise<BucketInfo[]>;
  listTables(bucketId?: string): Promise<TableInfo[]>;
  tableDetail(tableId: string): Promise<TableInfo>;
  /** First rows as CSV text with a header row. */
  preview(tableId: string, limit: number): Promise<string>;
  /** The whole table as CSV text with a header row (async export on Keboola). */
  exportCsv(tableId: string): Promise<string>;
  /** The same CSV (header first) as chunks, for writing a large table without holding it whole. */
  exportChunks(tableId: string): Promise<AsyncIterable<Uint8Array>>;
  /** Creates the table (and bucket) if missing, else imports: full load, or incremental. Never retried automatically. */
  importCsv(tableId: string, csv: string, options: { incremental: boolean; primary_key?: string[] }): Promise<{ table_id: string; rows: number; created: boolean }>;
  /** SQL in a workspace: a Keboola workspace via the Query Service, or the run's SQLite for the sample. */
  query(sql: string, options: { max_rows: number }): Promise<QueryResult>;
  listComponents(): Promise<ComponentInfo[]>;
  runJob(component: string, config: string, override?: JobOverride): Promise<JobInfo>;
  /** One configuration as stored on the backend's branch, rows included. */
  readConfiguration(component: string, config: string): Promise<StoredConfiguration>;
  /** Every configuration with its input and output tables (derived from configuration mappings; keboola-api.md has no lineage endpoint). */
  lineage(): Promise<ConfigurationLineage[]>;
  listSemantic(type: string): Promise<SemanticObject[]>;
  getSemantic(type: string, id: string): Promise<SemanticObject>;
  /** Replaces the object with that id (or, without one, that name), else creates it. Never retried. */
  putSemantic(type: string, object: SemanticWrite): Promise<SemanticObject & { created: boolean }>;
}
