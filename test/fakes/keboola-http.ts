import { BRANCH_ID, projectByToken, takeFailure, type FakeProject } from './keboola-project';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * Shared plumbing of the fake Keboola services: token check (X-StorageApi-Token, 401 like
 * Storage for an unknown or revoked token), request recording, armed failures, and each
 * service's error body (Storage `{error, code, exceptionId}`, Query Service `{exception}`).
 */

export type Service = 'storage' | 'query' | 'queue' | 'metastore' | 'notification';
type Handler = (project: FakeProject, request: FakeRequest) => FakeReply | Promise<FakeReply>;

export function errorReply(service: Service, status: number, message: string, code = `fake.${status}`): FakeReply {
  const exceptionId = `exception-${Math.random().toString(16).slice(2, 14)}`;
  if (service === 'query') return { status, json: { exception: message, exceptionId, context: {} } };
  return { status, json: { error: message, code, status: 'error', exceptionId } };
}

export function route(service: Service, name: string, method: FakeRoute['method'], path: RegExp, handle: Handler): FakeRoute {
  return {
    method,
    path,
    handle(request) {
      const project = projectByToken(header(request, 'x-storageapi-token'));
      if (!project || project.revoked) return errorReply(service, 401, 'Invalid access token', 'storage.tokenInvalid');
      record(project, name, request);
      const failure = takeFailure(project, name);
      if (failure) return errorReply(service, failure.status, failure.message);
      const branch = (request as BranchRequest).branch;
      if (branch === undefined) return handle(project, request);
      const view = branchView(project, branch);
      return view ? handle(view, request) : errorReply(service, 404, `Branch ${branch} not found`, 'storage.devBranch.notFound');
    },
  };
}

/** A request that came in under /v2/storage/branch/{id}/ (keboola-storage.ts onBranch). */
export type BranchRequest = FakeRequest & { branch?: string };

/** The project as one branch sees it: "default" and the main branch's id see the main tables, the dev branch its own. */
function branchView(project: FakeProject, branch: string): FakeProject | undefined {
  if (branch === 'default' || branch === String(BRANCH_ID)) return project;
  if (branch === String(BRANCH_ID + 1)) return { ...project, tables: project.devTables };
  return undefined;
}

export function record(project: FakeProject, name: string, request: FakeRequest): void {
  const form = (header(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(request.rawBody)) : undefined;
  const json = (header(request, 'content-type') ?? '').startsWith('application/json') && request.body !== undefined ? { json: request.body } : {};
  project.requests.push({ route: name, method: request.method, path: request.path, query: Object.fromEntries(request.query), ...(form ? { form } : {}), ...json, at: new Date().toISOString() });
}

/** Form fields as Storage reads them (urlencoded; `key[]` repeated for arrays). */
export function formOf(request: FakeRequest): URLSearchParams {
  return new URLSearchParams(request.rawBody);
}

/** Where the fake itself is reachable, for URLs it hands out (service URLs, download and upload links). */
export function origin(request: FakeRequest): string {
  return `http://${header(request, 'host') ?? '127.0.0.1'}/keboola`;
}

export function json(body: unknown, status = 200): FakeReply {
  return { status, json: body };
}
