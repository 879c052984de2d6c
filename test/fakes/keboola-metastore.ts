import { nextNumber, type FakeMetaObject, type FakeProject } from './keboola-project';
import { errorReply, json, route } from './keboola-http';
import type { FakeReply, FakeRequest, FakeRoute } from './server';

/**
 * Fake Metastore (Keboola's semantic layer) under /keboola/metastore/api/v1/repository, with the
 * shapes of the Metastore service (keboola-api.md "Semantic layer"): create `POST /{type}` with
 * `{name, data, branch, schemaVersion, scope}` → 201 `{data: {type, id, meta, attributes}}`;
 * `GET /{type}` → `{data: [...]}`; `GET|PUT /{type}/{id}`. Unknown ids 404 `{error}`, a body
 * without `data` object 422 `{errors}`; a second object of the same name on a branch 409.
 */

const M = '/keboola/metastore/api/v1/repository';

function resource(o: FakeMetaObject) {
  return {
    type: o.type, id: o.id, attributes: o.attributes,
    meta: { schemaVersion: o.schemaVersion, branch: o.branch, name: o.name, lastUpdated: o.updated, createdAt: o.created, revision: o.revision, revisionCreatedAt: o.updated },
  };
}

function bodyOf(request: FakeRequest): { name?: unknown; data?: unknown; branch?: unknown; schemaVersion?: unknown } | FakeReply {
  const body = request.body as Record<string, unknown> | undefined;
  if (!body || typeof body.data !== 'object' || body.data === null || Array.isArray(body.data)) return { status: 422, json: { errors: [{ path: 'data', message: 'data must be an object' }] } };
  return body;
}

export const keboolaMetastoreRoutes: FakeRoute[] = [
  route('metastore', 'metastore-list', 'GET', new RegExp(`^${M}/([A-Za-z0-9_-]+)$`), (p, r) => {
    const branch = r.query.get('branch');
    return json({ data: [...p.metastore.values()].filter((o) => o.type === r.params[0] && (!branch || o.branch === branch)).map(resource) });
  }),
  route('metastore', 'metastore-create', 'POST', new RegExp(`^${M}/([A-Za-z0-9_-]+)$`), (p, r) => {
    const body = bodyOf(r);
    if ('status' in body) return body;
    const branch = typeof body.branch === 'string' && body.branch ? body.branch : 'main';
    const name = typeof body.name === 'string' ? body.name : '';
    if ([...p.metastore.values()].some((o) => o.type === r.params[0] && o.branch === branch && o.name === name)) return errorReply('metastore', 409, 'Object already exists');
    const now = new Date().toISOString();
    const object: FakeMetaObject = {
      type: r.params[0]!, id: `00000000-0000-4000-8000-${String(nextNumber()).padStart(12, '0')}`, name, branch,
      schemaVersion: typeof body.schemaVersion === 'string' ? body.schemaVersion : '1.0.0', revision: 1, created: now, updated: now, attributes: body.data as Record<string, unknown>,
    };
    p.metastore.set(object.id, object);
    return json({ data: resource(object) }, 201);
  }),
  route('metastore', 'metastore-get', 'GET', new RegExp(`^${M}/([A-Za-z0-9_-]+)/([^/]+)$`), (p, r) => {
    const object = p.metastore.get(r.params[1]!);
    return object && object.type === r.params[0] ? json({ data: resource(object) }) : errorReply('metastore', 404, 'Not found');
  }),
  route('metastore', 'metastore-put', 'PUT', new RegExp(`^${M}/([A-Za-z0-9_-]+)/([^/]+)$`), (p, r) => {
    const object = p.metastore.get(r.params[1]!);
    if (!object || object.type !== r.params[0]) return errorReply('metastore', 404, 'Not found');
    const body = bodyOf(r);
    if ('status' in body) return body;
    Object.assign(object, { attributes: body.data, revision: object.revision + 1, updated: new Date().toISOString(), ...(typeof body.name === 'string' ? { name: body.name } : {}) });
    return json({ data: resource(object) });
  }),
];
