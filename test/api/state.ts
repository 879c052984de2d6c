/**
 * "Changes nothing" (spec §8) made checkable: everything stored about one user's Playbooks, seen
 * three ways — through the API, in the Tenant Durable Object's tables and in R2. Scoped to one
 * fresh user so that other tests running alongside cannot disturb a before/after comparison.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { call, type TestUser } from '../helpers';

export type StoredState = {
  api: Record<string, unknown>;
  rows: unknown[];
  revisionRows: unknown[];
  objects: { key: string; etag: string; size: number }[];
};

async function apiBody(path: string, user: TestUser): Promise<unknown> {
  const response = await call('GET', path, user);
  return { status: response.status, body: await response.json() };
}

/** Every R2 object under `playbooks/` whose writer was `userId`, plus everything under the given Playbooks' prefixes. */
async function objectsOf(userId: string, playbookIds: string[]): Promise<StoredState['objects']> {
  const found = new Map<string, StoredState['objects'][number]>();
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix: 'playbooks/', cursor, include: ['customMetadata'] });
    for (const object of page.objects) {
      const mine = object.customMetadata?.created_by === userId || playbookIds.some((id) => object.key.startsWith(`playbooks/${id}/`));
      if (mine) found.set(object.key, { key: object.key, etag: object.etag, size: object.size });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return [...found.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export async function storedState(user: TestUser, playbookIds: string[] = []): Promise<StoredState> {
  const api: Record<string, unknown> = { list: await apiBody('/playbooks', user) };
  for (const id of playbookIds) {
    api[`get ${id}`] = await apiBody(`/playbooks/${id}`, user);
    const revisions = await apiBody(`/playbooks/${id}/revisions`, user);
    api[`revisions ${id}`] = revisions;
    const list = (revisions as { body: { revisions?: { revision: number }[] } }).body.revisions ?? [];
    for (const { revision } of list) api[`revision ${id}@${revision}`] = await apiBody(`/playbooks/${id}/revisions/${revision}`, user);
  }
  const stub = env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
  const { rows, revisionRows } = await runInDurableObject(stub, (_tenant: TenantObject, state) => {
    const sql = state.storage.sql;
    const ids = [...new Set([...playbookIds, ...sql.exec<{ id: string }>('SELECT id FROM playbooks WHERE created_by = ?', user.id).toArray().map((r) => r.id)])];
    const marks = ids.map(() => '?').join(',') || "''";
    return {
      rows: sql.exec(`SELECT * FROM playbooks WHERE id IN (${marks}) ORDER BY id`, ...ids).toArray(),
      revisionRows: sql.exec(`SELECT * FROM playbook_revisions WHERE playbook_id IN (${marks}) OR created_by = ? ORDER BY playbook_id, revision`, ...ids, user.id).toArray(),
    };
  });
  return { api, rows, revisionRows, objects: await objectsOf(user.id, playbookIds) };
}

/** Runs `action` and fails if anything stored for `user` (and `playbookIds`) differs afterwards. */
export async function expectUnchanged<T>(user: TestUser, playbookIds: string[], action: () => Promise<T>): Promise<T> {
  const before = await storedState(user, playbookIds);
  const result = await action();
  expect(await storedState(user, playbookIds)).toEqual(before);
  return result;
}
