/**
 * State of the fake Keboola (test/fakes/keboola.ts): one project per Storage token, so parallel
 * test files never share tables, jobs or failure switches. A project starts as a small CRM
 * landscape: Salesforce, HubSpot and Zendesk extractors with data, a Salesforce writer, a MySQL
 * extractor whose only configuration is disabled, and a transformation (not a connection).
 */

import { EVENT_COLUMNS, eventRow } from './event-rows';

export type FakeTable = { id: string; name: string; bucket: string; columns: string[]; primaryKey: string[]; rows: string[][]; lastImportDate: string; sliced?: boolean };
/** A sliced export keeps its parts in `slices` (each gzipped like the whole would be); `body` is then unused. */
export type FakeFile = { id: number; name: string; container: string; blobName: string; body?: Uint8Array; slices?: Uint8Array[]; isSliced: boolean; uploaded: boolean };
export type StorageJob = { id: number; operationName: string; polls: number; status: string; results: Record<string, unknown> | null; error: Record<string, unknown> | null; complete: () => Record<string, unknown> };
export type QueueJob = { id: number; component: string; config: string; configRowIds: string[]; polls: number; status: string; result: { message: string } | null };
/** `sql` is the last of the submitted `statements`, the one whose results are read. */
export type QueryJob = { id: string; statements: string[]; sql: string; polls: number; statementId: string; columns: string[]; rows: unknown[][]; error?: string };
export type FakeMetaObject = { type: string; id: string; name: string; branch: string; schemaVersion: string; revision: number; created: string; updated: string; attributes: Record<string, unknown> };
type Mapping = { storage: { input?: { tables: { source: string; destination: string }[] }; output?: { tables: { source: string; destination: string }[] } } };
/**
 * `configuration` carries the table mappings Keboola stores in a configuration's body (lineage reads them), and
 * `parameters` where a component has them; `rows` the same per row.
 */
type Body = Partial<Mapping> & { parameters?: Record<string, unknown> };
export type FakeConfiguration = { id: string; name: string; isDisabled: boolean; isDeleted: boolean; version: number; configuration: Body; rows: { id: string; name?: string; isDisabled: boolean; configuration: Body }[] };
/** Storage's component object: `configurationSchema` / `configurationRowSchema` are JSON Schemas of `parameters`, `{}` when there is none. */
export type FakeComponent = { id: string; name: string; type: string; configurationSchema: Record<string, unknown>; configurationRowSchema: Record<string, unknown>; configurations: FakeConfiguration[] };
export type Failure = { route: string; status: number; message: string; times: number };
export type RecordedKeboolaRequest = { route: string; method: string; path: string; query: Record<string, string>; form?: Record<string, string>; json?: unknown; at: string };

export type FakeSubscription = { id: string; event: string; filters: { field: string; value: string }[]; recipient: { channel: 'webhook'; url: string } };

export type FakeProject = {
  id: number;
  token: string;
  name: string;
  revoked: boolean;
  /** Rows the Query Service's generated "numbers" result has (paging tests). */
  queryRows: number;
  buckets: Map<string, { id: string; name: string; stage: string; description: string; backend: string }>;
  tables: Map<string, FakeTable>;
  /** The dev branch's tables (branch BRANCH_ID + 1, "experiment"): a copy of main's at creation, plus one contact only it has. */
  devTables: Map<string, FakeTable>;
  components: FakeComponent[];
  files: Map<number, FakeFile>;
  storageJobs: Map<number, StorageJob>;
  queueJobs: Map<number, QueueJob>;
  queries: Map<string, QueryJob>;
  /** The Metastore's objects (semantic layer) by id. */
  metastore: Map<string, FakeMetaObject>;
  /** Job notification subscriptions (keboola-notification.ts) by id. */
  subscriptions: Map<string, FakeSubscription>;
  failures: Failure[];
  requests: RecordedKeboolaRequest[];
};

export const BRANCH_ID = 4321;
export const WORKSPACE_ID = 9876;

const byToken = new Map<string, FakeProject>();
const byId = new Map<number, FakeProject>();
let nextProjectId = 100;
let nextId = 5_000;

export function nextNumber(): number {
  return ++nextId;
}

export function projectByToken(token: string | undefined): FakeProject | undefined {
  return token ? byToken.get(token) : undefined;
}

export function projectById(id: number): FakeProject | undefined {
  return byId.get(id);
}

/** `event_rows`: the project also has `in.c-salesforce.events` with that many generated ~1 KB rows (event-rows.ts), for large exports. */
export function createProject(token: string, options: { name?: string; query_rows?: number; sliced_tables?: string[]; component_schemas?: boolean; event_rows?: number } = {}): FakeProject {
  const id = ++nextProjectId;
  const now = new Date().toISOString();
  const project: FakeProject = {
    id, token, name: options.name ?? `Fake project ${id}`, revoked: false, queryRows: options.query_rows ?? 2_500,
    buckets: new Map(), tables: new Map(), devTables: new Map(), components: [...components(), ...(options.component_schemas ? schemaComponents() : [])], files: new Map(), storageJobs: new Map(), queueJobs: new Map(), queries: new Map(), metastore: new Map(), subscriptions: new Map(), failures: [], requests: [],
  };
  for (const [bucketId, description] of [['in.c-salesforce', 'Salesforce extractor'], ['in.c-hubspot', 'HubSpot extractor'], ['in.c-zendesk', 'Zendesk extractor'], ['out.c-crm', 'Unified CRM']] as const) {
    project.buckets.set(bucketId, { id: bucketId, name: bucketId.split('.')[1]!, stage: bucketId.split('.')[0]!, description, backend: 'snowflake' });
  }
  const table = (id: string, columns: string[], primaryKey: string[], rows: string[][]) =>
    project.tables.set(id, { id, name: id.split('.')[2]!, bucket: id.split('.').slice(0, 2).join('.'), columns, primaryKey, rows, lastImportDate: now, ...(options.sliced_tables?.includes(id) ? { sliced: true } : {}) });
  table('in.c-salesforce.contacts', ['id', 'name', 'email', 'company'], ['id'], [
    ['003A1', 'Ada Lovelace', 'ada@example.com', 'Analytical Engines'],
    ['003A2', 'Grace Hopper', 'grace@example.com', 'Navy'],
    ['003A3', 'Alan Turing', 'alan@example.com', 'Bletchley, "Hut 8"'],
  ]);
  table('in.c-hubspot.contacts', ['vid', 'full_name', 'email'], ['vid'], [
    ['1', 'Ada Lovelace', 'ADA@example.com'],
    ['2', 'Katherine Johnson', 'kj@example.com'],
  ]);
  table('in.c-zendesk.users', ['id', 'name', 'email'], ['id'], [['77', 'Grace Hopper', 'grace@example.com']]);
  if (options.event_rows) table('in.c-salesforce.events', EVENT_COLUMNS, ['id'], Array.from({ length: options.event_rows }, (_, i) => eventRow(i)));
  for (const [id, t] of project.tables) project.devTables.set(id, { ...t, columns: [...t.columns], rows: t.rows.map((r) => [...r]) });
  project.devTables.get('in.c-salesforce.contacts')!.rows.push(['003D9', 'Dev Only', 'dev@example.com', 'Branch Ltd']);
  byToken.set(token, project);
  byId.set(id, project);
  return project;
}

function components(): FakeProject['components'] {
  const config = (id: string, name: string, isDisabled = false): FakeConfiguration => ({ id, name, isDisabled, isDeleted: false, version: 3, configuration: {}, rows: [] });
  const reads = (...tables: string[]) => ({ input: { tables: tables.map((source) => ({ source, destination: `${source.split('.')[2]}.csv` })) } });
  const writes = (...tables: string[]) => ({ output: { tables: tables.map((destination) => ({ source: `${destination.split('.')[2]}.csv`, destination })) } });
  const mapped = (c: FakeConfiguration, storage: Mapping['storage']): FakeConfiguration => ({ ...c, configuration: { storage } });
  return ([
    { id: 'keboola.ex-salesforce', name: 'Salesforce', type: 'extractor', configurations: [mapped(config('101', 'Production org'), writes('in.c-salesforce.contacts')), { ...config('102', 'Old sandbox'), isDeleted: true }] },
    { id: 'keboola.wr-salesforce', name: 'Salesforce', type: 'writer', configurations: [mapped(config('201', 'Push segments'), reads('out.c-crm.contacts'))] },
    { id: 'kds-team.ex-hubspot-crm', name: 'HubSpot CRM', type: 'extractor', configurations: [mapped(config('301', 'Marketing portal'), writes('in.c-hubspot.contacts'))] },
    { id: 'keboola.ex-zendesk', name: 'Zendesk', type: 'extractor', configurations: [mapped(config('401', 'Support desk'), writes('in.c-zendesk.users'))] },
    { id: 'keboola.ex-db-mysql', name: 'MySQL', type: 'extractor', configurations: [config('501', 'Legacy orders DB', true)] },
    {
      id: 'keboola.snowflake-transformation', name: 'Snowflake SQL', type: 'transformation',
      // Mapped on its rows, as row-based configurations are: lineage must read rows too.
      configurations: [{ ...config('601', 'Clean contacts'), rows: [
        { id: '601-1', isDisabled: false, configuration: { storage: { ...reads('in.c-salesforce.contacts', 'in.c-hubspot.contacts'), ...writes('out.c-crm.contacts') } } },
        { id: '601-2', isDisabled: false, configuration: { storage: { ...reads('in.c-zendesk.users'), ...writes('out.c-crm.contacts') } } },
      ] }],
    },
  ] satisfies Omit<FakeComponent, 'configurationSchema' | 'configurationRowSchema'>[]).map((c) => ({ ...c, configurationSchema: {}, configurationRowSchema: {} }));
}

/**
 * Components whose schemas make per-system tools (issue 17), in projects made with
 * `component_schemas`: a Snowflake extractor whose rows are queries (row schema: query,
 * incremental, outputTable, primaryKey; the connection with its encrypted password in the
 * configuration's own schema), a Google Sheets writer with a configuration schema, and a
 * generic extractor without any schema.
 */
function schemaComponents(): FakeComponent[] {
  const base = { isDisabled: false, isDeleted: false, version: 7 };
  return [
    {
      id: 'keboola.ex-db-snowflake', name: 'Snowflake', type: 'extractor',
      configurationSchema: {
        type: 'object', required: ['db'],
        properties: { db: { type: 'object', properties: { host: { type: 'string' }, user: { type: 'string' }, '#password': { type: 'string', format: 'password' } } } },
      },
      configurationRowSchema: {
        type: 'object', required: ['outputTable'],
        properties: {
          name: { type: 'string', title: 'Name', readOnly: true },
          query: { type: 'string', title: 'SQL query', format: 'editor', options: { editor: { mode: 'text/x-sql' } }, propertyOrder: 1 },
          incremental: { type: 'boolean', title: 'Incremental load', default: false },
          outputTable: { type: 'string', title: 'Output table', minLength: 1, maxLength: 256 },
          primaryKey: { type: 'array', items: { type: 'string' }, title: 'Primary key' },
          incrementalFetchingColumn: { type: 'string', pattern: '^[A-Z_]+$' },
        },
      },
      configurations: [{
        ...base, id: '701', name: 'Warehouse', rows: [
          { id: '7011', name: 'Daily orders', isDisabled: false, configuration: { parameters: { name: 'orders', query: 'SELECT * FROM ORDERS', incremental: true, outputTable: 'in.c-snowflake.orders', primaryKey: ['ID'] } } },
          { id: '7012', name: 'Old refunds', isDisabled: true, configuration: { parameters: { name: 'refunds', query: 'SELECT * FROM REFUNDS', outputTable: 'in.c-snowflake.refunds' } } },
        ],
        configuration: { parameters: { db: { host: 'acme.snowflakecomputing.com', user: 'KEBOOLA', '#password': 'KBC::ProjectSecure::c2VjcmV0' } }, storage: { output: { tables: [{ source: 'orders.csv', destination: 'in.c-snowflake.orders' }] } } },
      }],
    },
    {
      id: 'keboola.wr-google-sheets', name: 'Google Sheets', type: 'writer',
      configurationSchema: {
        type: 'object',
        properties: {
          sheetTitle: { type: 'string', title: 'Sheet title', minLength: 1, maxLength: 100 },
          mode: { type: 'string', title: 'Write mode', enum: ['update', 'append'] },
          '#token': { type: 'string', title: 'OAuth token' },
          folder: { type: 'object', properties: { id: { type: 'string' } } },
        },
      },
      configurationRowSchema: {},
      configurations: [{ ...base, id: '801', name: 'Weekly report', rows: [], configuration: { parameters: { sheetTitle: 'Report', mode: 'update', '#token': 'KBC::ProjectSecure::dG9rZW4=' }, storage: { input: { tables: [{ source: 'out.c-crm.contacts', destination: 'contacts.csv' }] } } } }],
    },
    {
      id: 'ex-generic-v2', name: 'Generic', type: 'extractor', configurationSchema: {}, configurationRowSchema: {},
      configurations: [{ ...base, id: '901', name: 'Status API', rows: [], configuration: { parameters: { api: { baseUrl: 'https://status.example.com/' } } } }],
    },
  ];
}

/** Takes the next armed failure for a route, if any (each arms `times` failures). */
export function takeFailure(project: FakeProject, route: string): Failure | undefined {
  const failure = project.failures.find((f) => f.route === route && f.times > 0);
  if (failure) failure.times -= 1;
  return failure;
}
