import { attachWarehouse, detachWarehouse } from './duckdb-attached';
import { createProject, projectByToken, type FakeProject } from './keboola-project';
import { keboolaMetastoreRoutes } from './keboola-metastore';
import { keboolaNotificationRoutes } from './keboola-notification';
import { keboolaServiceRoutes } from './keboola-services';
import { keboolaStorageRoutes } from './keboola-storage';
import type { FakeReply, FakeRequest, FakeRoute } from './server';

/**
 * Fake Keboola Connection: Storage API, Query Service and Jobs Queue under /keboola/
 * (KEBOOLA_API_URL = <fakes>/keboola), one project per Storage token.
 *
 * Control (/__control/keboola/, used through test/keboola/fake.ts):
 *   POST /projects {token, name?, query_rows?, sliced_tables?, component_schemas?, event_rows?}  a fresh project answering to `token`
 *                                                                 (event_rows: also in.c-salesforce.events with that many ~1 KB rows)
 *                                                                 (component_schemas: also components with configuration schemas)
 *   POST /revoke   {token}                                       the token gets 401 from now on
 *   POST /fail     {token, route, status?, message?, times?}     the next `times` requests to a route fail
 *   GET  /requests?token=[&route=]                               what the project received, oldest first
 *   GET  /table?token=&table_id=[&branch=dev]                    a table's columns, primary key and rows (main or dev branch)
 *   GET  /metastore?token=                                       the Metastore's objects (semantic layer)
 *   GET  /subscriptions?token=                                   the job notification subscriptions
 *   POST /warehouse {token}                                      DuckDB stands in for the workspace from now on (duckdb-warehouse.ts)
 *   DELETE /warehouse?token=                                     closes it; the Query Service answers from canned tables again
 *   GET  /queries?token=                                         the SQL of every query job, oldest first (every statement of each)
 * Route names: verify, components, configuration, branches, workspaces, buckets, bucket, create-bucket, tables,
 * bucket-tables, table, preview, export, storage-job, file, prepare, upload, download, import,
 * create-table, query-submit, query-status, query-results, queue-run, queue-job, metastore-list,
 * metastore-create, metastore-get, metastore-put, download-slice (a slice of a sliced export),
 * subscribe, subscriptions, unsubscribe (the Notification service).
 */

function body(request: FakeRequest): Record<string, unknown> {
  return (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
}

function withProject(token: unknown, act: (project: FakeProject) => FakeReply): FakeReply {
  const project = typeof token === 'string' ? projectByToken(token) : undefined;
  return project ? act(project) : { status: 404, json: { fake_error: 'no fake Keboola project for that token: POST /__control/keboola/projects first' } };
}

const controlRoutes: FakeRoute[] = [
  {
    method: 'POST',
    path: /^\/__control\/keboola\/projects$/,
    handle(request) {
      const b = body(request);
      if (typeof b.token !== 'string' || b.token.length < 8) return { status: 400, json: { fake_error: 'token (8+ characters) is required' } };
      if (projectByToken(b.token)) return { status: 409, json: { fake_error: 'a project already answers to that token' } };
      const project = createProject(b.token, {
        ...(typeof b.name === 'string' ? { name: b.name } : {}),
        ...(typeof b.query_rows === 'number' ? { query_rows: b.query_rows } : {}),
        ...(Array.isArray(b.sliced_tables) ? { sliced_tables: b.sliced_tables.map(String) } : {}),
        ...(b.component_schemas === true ? { component_schemas: true } : {}),
        ...(typeof b.event_rows === 'number' ? { event_rows: b.event_rows } : {}),
      });
      return { status: 201, json: { project_id: project.id, name: project.name } };
    },
  },
  {
    method: 'POST',
    path: /^\/__control\/keboola\/revoke$/,
    handle: (request) => withProject(body(request).token, (project) => {
      project.revoked = true;
      return { status: 200, json: { revoked: true } };
    }),
  },
  {
    method: 'POST',
    path: /^\/__control\/keboola\/fail$/,
    handle: (request) => withProject(body(request).token, (project) => {
      const b = body(request);
      if (typeof b.route !== 'string') return { status: 400, json: { fake_error: 'route is required' } };
      const failure = { route: b.route, status: typeof b.status === 'number' ? b.status : 500, message: typeof b.message === 'string' ? b.message : 'Internal Server Error', times: typeof b.times === 'number' ? b.times : 1 };
      project.failures.push(failure);
      return { status: 200, json: failure };
    }),
  },
  {
    method: 'GET',
    path: /^\/__control\/keboola\/requests$/,
    handle: (request) => withProject(request.query.get('token'), (project) => {
      const only = request.query.get('route');
      return { status: 200, json: project.requests.filter((r) => !only || r.route === only) };
    }),
  },
  {
    method: 'GET',
    path: /^\/__control\/keboola\/table$/,
    handle: (request) => withProject(request.query.get('token'), (project) => {
      const table = (request.query.get('branch') === 'dev' ? project.devTables : project.tables).get(request.query.get('table_id') ?? '');
      return table ? { status: 200, json: { columns: table.columns, primary_key: table.primaryKey, rows: table.rows } } : { status: 404, json: { fake_error: 'no such table' } };
    }),
  },
  {
    method: 'GET',
    path: /^\/__control\/keboola\/metastore$/,
    handle: (request) => withProject(request.query.get('token'), (project) => ({ status: 200, json: [...project.metastore.values()] })),
  },
  {
    method: 'POST',
    path: /^\/__control\/keboola\/warehouse$/,
    async handle(request) {
      const project = projectByToken(String(body(request).token ?? ''));
      if (!project) return { status: 404, json: { fake_error: 'no fake Keboola project for that token' } };
      // Loaded only when a test asks: DuckDB's native module is large and most tests never need it.
      const { DuckDbWarehouse } = await import('./duckdb-warehouse');
      detachWarehouse(project.id);
      attachWarehouse(project.id, await DuckDbWarehouse.create());
      return { status: 201, json: { attached: true } };
    },
  },
  {
    method: 'DELETE',
    path: /^\/__control\/keboola\/warehouse$/,
    handle: (request) => withProject(request.query.get('token'), (project) => ({ status: 200, json: { detached: detachWarehouse(project.id) } })),
  },
  {
    method: 'GET',
    path: /^\/__control\/keboola\/queries$/,
    handle: (request) => withProject(request.query.get('token'), (project) => ({ status: 200, json: [...project.queries.values()].map((q) => q.statements) })),
  },
  {
    method: 'GET',
    path: /^\/__control\/keboola\/subscriptions$/,
    handle: (request) => withProject(request.query.get('token'), (project) => ({ status: 200, json: [...project.subscriptions.values()] })),
  },
];

export const keboolaRoutes: FakeRoute[] = [...controlRoutes, ...keboolaStorageRoutes, ...keboolaServiceRoutes, ...keboolaMetastoreRoutes, ...keboolaNotificationRoutes];
