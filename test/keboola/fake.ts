import { env } from 'cloudflare:test';
import Papa from 'papaparse';
import { HttpKeboolaBackend } from '../../src/connections/keboola/http-backend';
import { KeboolaClient, type KeboolaClientOptions } from '../../src/connections/keboola/http-client';
import { fakesUrl } from '../fakes/control';
import type { FakeMetaObject, FakeSubscription, RecordedKeboolaRequest } from '../fakes/keboola-project';
import { call, type TestUser } from '../helpers';

/**
 * The test side of the fake Keboola (test/fakes/keboola.ts). Every test makes its own project
 * with its own token, so state never leaks between tests or files.
 */

export type FakeKeboola = { token: string; projectId: number };

export async function keboolaProject(options: { query_rows?: number; sliced_tables?: string[]; component_schemas?: boolean; event_rows?: number } = {}): Promise<FakeKeboola> {
  const token = `kbc-${crypto.randomUUID().replace(/-/g, '')}`;
  const response = await control('POST', 'projects', { token, ...options });
  return { token, projectId: (response as { project_id: number }).project_id };
}

/** Makes the runtime use the fake project: the token goes into the tenant's vault, as an admin would store it. */
export async function useKeboola(admin: TestUser, project: FakeKeboola): Promise<void> {
  const response = await call('PUT', '/vault/keboola_token', admin, { json: { value: project.token } });
  if (response.status >= 300) throw new Error(`could not store keboola_token: ${response.status} ${await response.text()}`);
}

/** A client straight at the fake, with tiny back-off. */
export function fakeClient(project: FakeKeboola, options: Partial<KeboolaClientOptions> = {}): KeboolaClient {
  return new KeboolaClient({ url: env.KEBOOLA_API_URL!, token: project.token, backoffMs: [1, 2, 4], ...options });
}

export async function keboolaRequests(project: FakeKeboola, route?: string): Promise<RecordedKeboolaRequest[]> {
  return (await control('GET', `requests?token=${project.token}${route ? `&route=${route}` : ''}`)) as RecordedKeboolaRequest[];
}

/** The next `times` requests to a route answer `status` with `message` (Keboola's error body). */
export async function failKeboola(project: FakeKeboola, route: string, failure: { status?: number; message?: string; times?: number } = {}): Promise<void> {
  await control('POST', 'fail', { token: project.token, route, ...failure });
}

export async function revokeKeboola(project: FakeKeboola): Promise<void> {
  await control('POST', 'revoke', { token: project.token });
}

export async function keboolaTable(project: FakeKeboola, tableId: string, branch: 'main' | 'dev' = 'main'): Promise<{ columns: string[]; primary_key: string[]; rows: string[][] }> {
  return (await control('GET', `table?token=${project.token}&table_id=${encodeURIComponent(tableId)}${branch === 'dev' ? '&branch=dev' : ''}`)) as { columns: string[]; primary_key: string[]; rows: string[][] };
}

/** The project's job notification subscriptions (Notification service). */
export async function keboolaSubscriptions(project: FakeKeboola): Promise<FakeSubscription[]> {
  return (await control('GET', `subscriptions?token=${project.token}`)) as FakeSubscription[];
}

/** What the project's Metastore (semantic layer) holds. */
export async function keboolaMetastore(project: FakeKeboola): Promise<FakeMetaObject[]> {
  return (await control('GET', `metastore?token=${project.token}`)) as FakeMetaObject[];
}

async function control(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${fakesUrl()}/__control/keboola/${path}`, {
    method,
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`fake Keboola control ${path} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Replaces a table's rows with `rows` (default none) through the fake's own Storage API, as a
 * full-load import would: the table keeps its columns and primary key. For runs over empty data.
 */
export async function replaceKeboolaRows(project: FakeKeboola, tableId: string, rows: string[][] = []): Promise<void> {
  const { columns } = await keboolaTable(project, tableId);
  const csv = Papa.unparse({ fields: columns, data: rows }, { quotes: true, newline: '\n' });
  await new HttpKeboolaBackend(fakeClient(project)).importCsv(tableId, csv, { incremental: false });
}
