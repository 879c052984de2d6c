/**
 * Issue 12, item 3: a start reads its pinned revision from the isolate's cache of parsed
 * revisions and judges the inputs against the revision it last saw, so the Tenant is called once.
 * Neither shortcut may change what a start does: an edit's new revision is what the next run
 * pins, a refusal is judged against the current revision, and a Playbook the caller cannot see
 * stays a 404 however warm the isolate is.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { startRun } from '../../src/runs/start';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { api } from './contract';

const MERGE_PATCH = 'application/merge-patch+json';

async function createWith(author: TestUser, inputs: unknown[]): Promise<string> {
  const created = await api('POST', '/playbooks', author, { json: minimalPlaybook({ inputs }) });
  expect(created.status, await created.clone().text()).toBe(201);
  return (await json(created)).id;
}

/** A new revision, published at once: these tests are about which revision a start sees, runners' included. */
async function edit(author: TestUser, id: string, inputs: unknown[]): Promise<number> {
  const patched = await api('PATCH', `/playbooks/${id}`, author, { json: { inputs }, contentType: MERGE_PATCH });
  expect(patched.status, await patched.clone().text()).toBe(200);
  const { revision } = await json(patched);
  expect((await api('POST', `/playbooks/${id}/publish`, author, { json: { revision } })).status).toBe(200);
  return revision;
}

const start = (who: TestUser, id: string, inputs: Record<string, unknown> = {}) => api('POST', `/playbooks/${id}/run`, who, { json: { inputs } });

async function started(who: TestUser, id: string, inputs: Record<string, unknown> = {}): Promise<{ id: string; revision: number; inputs: Record<string, unknown> }> {
  const response = await start(who, id, inputs);
  expect(response.status, await response.clone().text()).toBe(201);
  return json(response);
}

/** The Tenant's run index rows for a Playbook: a refused start must not even take a run number. */
const indexRows = (playbookId: string) =>
  runInDurableObject(env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID)), (_t: TenantObject, state) =>
    state.storage.sql.exec('SELECT number FROM runs WHERE playbook_id = ?', playbookId).toArray().length,
  );

describe('starting runs with a warm isolate', () => {
  it('an edit makes a new revision and the next run pins it, not the cached parse of the old one', async () => {
    const author = await createTestUser('author');
    const id = await createWith(author, [{ name: 'label', type: 'string', default: 'one' }]);
    const first = await started(author, id);
    expect(first).toMatchObject({ revision: 1, inputs: { label: 'one' } });
    expect(await started(author, id)).toMatchObject({ revision: 1, inputs: { label: 'one' } });

    expect(await edit(author, id, [{ name: 'label', type: 'string', default: 'two' }])).toBe(2);
    expect(await started(author, id)).toMatchObject({ revision: 2, inputs: { label: 'two' } });

    // The old run keeps its pin; each revision reads as written.
    expect(await json(await api('GET', `/runs/${first.id}`, author))).toMatchObject({ revision: 1, inputs: { label: 'one' } });
    expect((await json(await api('GET', `/playbooks/${id}/revisions/1`, author))).spec.inputs[0].default).toBe('one');
    expect((await json(await api('GET', `/playbooks/${id}/revisions/2`, author))).spec.inputs[0].default).toBe('two');
    expect((await json(await api('GET', `/playbooks/${id}`, author))).spec.inputs[0].default).toBe('two');
  });

  it('a refusal judged against the revision last seen is checked against the current one first', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const id = await createWith(author, [{ name: 'sql', type: 'text', locked: true, default: 'select 1' }]);
    expect((await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [runner.id] } })).status).toBe(200);
    expect(await started(runner, id)).toMatchObject({ revision: 1, inputs: { sql: 'select 1' } });

    // Unlocked in revision 2: the runner's own SQL runs, though revision 1 would have refused it.
    await edit(author, id, [{ name: 'sql', type: 'text', locked: false, default: 'select 1' }]);
    expect(await started(runner, id, { sql: 'select 2' })).toMatchObject({ revision: 2, inputs: { sql: 'select 2' } });

    // Locked again in revision 3: refused, nothing registered.
    await edit(author, id, [{ name: 'sql', type: 'text', locked: true, default: 'select 1' }]);
    const rows = await indexRows(id);
    const refused = await start(runner, id, { sql: 'select 3' });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('input_locked');
    expect(await indexRows(id)).toBe(rows);

    // An input added in revision 4 is accepted, though revision 3 did not know it.
    await edit(author, id, [{ name: 'sql', type: 'text', locked: true, default: 'select 1' }, { name: 'note', type: 'string' }]);
    expect(await started(runner, id, { note: 'new' })).toMatchObject({ revision: 4, inputs: { sql: 'select 1', note: 'new' } });
  });

  it('a start that pins an earlier revision (a rerun of what a run ran) is not taken for a stale one', async () => {
    const author = await createTestUser('author');
    const stranger = await createTestUser('runner');
    const id = await createWith(author, [{ name: 'label', type: 'string', default: 'one' }]);
    await started(author, id);
    await edit(author, id, [{ name: 'label', type: 'string', default: 'two' }]);
    const tenant = env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
    const as = async (who: TestUser) => (await tenant.getUser(who.id))!;
    const trigger = { type: 'rerun', by: author.id };
    expect(await startRun(env, await as(author), id, { trigger, revision: 1 })).toMatchObject({ revision: 1, inputs: { label: 'one' } });
    expect(await startRun(env, await as(author), id, { trigger })).toMatchObject({ revision: 2, inputs: { label: 'two' } });
    await expect(startRun(env, await as(stranger), id, { trigger, revision: 1 })).rejects.toMatchObject({ status: 404 });
  });

  it('a Playbook the caller cannot see is a 404 for every start, however warm the isolate is', async () => {
    const author = await createTestUser('author');
    const stranger = await createTestUser('runner');
    const id = await createWith(author, [{ name: 'sql', type: 'text', locked: true, default: 'select 1' }]);
    await started(author, id);
    const rows = await indexRows(id);

    for (const inputs of [{}, { nope: 1 }, { sql: 'drop table x' }]) {
      const response = await start(stranger, id, inputs);
      expect(response.status, JSON.stringify(inputs)).toBe(404);
      expect((await json(response)).error.code).toBe('not_found');
    }
    expect(await indexRows(id)).toBe(rows);

    expect((await api('DELETE', `/playbooks/${id}`, author)).status).toBe(204);
    expect((await start(author, id)).status).toBe(404);
    expect(await indexRows(id)).toBe(rows);
  });
});
