/**
 * Issue 13: a start sent twice (a client's retry after a timeout, a double click) starts one run
 * when it carries the same Idempotency-Key. The key is the caller's: the same key with a
 * different request is a 409, another user's identical key is theirs, and a request without a
 * key starts a run each time.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { requestHash } from '../../src/runs/start';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { api } from './contract';

async function playbook(author: TestUser, inputs: unknown[] = [{ name: 'label', type: 'string', default: 'one' }]): Promise<string> {
  const created = await api('POST', '/playbooks', author, { json: minimalPlaybook({ inputs }) });
  expect(created.status, await created.clone().text()).toBe(201);
  return (await json(created)).id;
}

const start = (who: TestUser, id: string, key: string | null, inputs: Record<string, unknown> = {}) =>
  api('POST', `/playbooks/${id}/run`, who, { json: { inputs }, ...(key === null ? {} : { headers: { 'idempotency-key': key } }) });

/** The runs the Tenant registered for a Playbook (each took a number). */
const registered = (playbookId: string) =>
  runInDurableObject(env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID)), (_t: TenantObject, state) =>
    state.storage.sql.exec<{ id: string }>('SELECT id FROM runs WHERE playbook_id = ?', playbookId).toArray().map((r) => r.id),
  );

describe('Idempotency-Key on POST /playbooks/{id}/run', () => {
  it('the same key and request, sent again, answers with the first run and starts nothing', async () => {
    const author = await createTestUser('author');
    const id = await playbook(author);
    const first = await start(author, id, 'retry-1', { label: 'x' });
    expect(first.status, await first.clone().text()).toBe(201);
    const run = await json(first);
    const again = await start(author, id, 'retry-1', { label: 'x' });
    expect(again.status).toBe(201);
    expect(await json(again)).toMatchObject({ id: run.id, number: run.number });
    expect(await registered(id)).toEqual([run.id]);
  });

  it('concurrent requests with one key start one run, and all of them name it', async () => {
    const author = await createTestUser('author');
    const id = await playbook(author);
    const answers = await Promise.all(Array.from({ length: 8 }, () => start(author, id, 'double-click')));
    const ids = new Set<string>();
    for (const answer of answers) {
      expect(answer.status, await answer.clone().text()).toBe(201);
      ids.add((await json(answer)).id);
    }
    expect(ids.size).toBe(1);
    expect(await registered(id)).toEqual([...ids]);
    const list = await json(await api('GET', `/runs?playbook_id=${id}`, author));
    expect(list.runs.map((r: { id: string }) => r.id)).toEqual([...ids]);
  });

  it('the same key with different inputs is a 409 that changes nothing', async () => {
    const author = await createTestUser('author');
    const id = await playbook(author);
    expect((await start(author, id, 'k', { label: 'x' })).status).toBe(201);
    const before = await registered(id);
    const reused = await start(author, id, 'k', { label: 'y' });
    expect(reused.status).toBe(409);
    expect((await json(reused)).error).toMatchObject({ code: 'conflict', details: { idempotency_key: 'k' } });
    expect(await registered(id)).toEqual(before);
  });

  it('the same key on another Playbook is a different request: 409', async () => {
    const author = await createTestUser('author');
    const one = await playbook(author);
    const two = await playbook(author);
    expect((await start(author, one, 'shared')).status).toBe(201);
    expect((await start(author, two, 'shared')).status).toBe(409);
    expect(await registered(two)).toEqual([]);
  });

  it("a key is its user's: another user's identical key starts their own run", async () => {
    const author = await createTestUser('author');
    const other = await createTestUser('author');
    const id = await playbook(author);
    expect((await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [other.id] } })).status).toBe(200);
    const mine = await json(await start(author, id, 'same'));
    const theirs = await start(other, id, 'same');
    expect(theirs.status).toBe(201);
    expect((await json(theirs)).id).not.toBe(mine.id);
    expect((await registered(id)).length).toBe(2);
  });

  it('without a key every start is a new run (negative control for the dedupe above)', async () => {
    const author = await createTestUser('author');
    const id = await playbook(author);
    const a = await json(await start(author, id, null));
    const b = await json(await start(author, id, null));
    expect(a.id).not.toBe(b.id);
    expect((await registered(id)).length).toBe(2);
  });

  it('a malformed key is a 422 naming the header, and starts nothing', async () => {
    const author = await createTestUser('author');
    const id = await playbook(author);
    for (const key of ['has space', 'x'.repeat(256)]) {
      const bad = await start(author, id, key);
      expect(bad.status).toBe(422);
      expect(JSON.stringify(await json(bad))).toContain('idempotency-key');
    }
    expect(await registered(id)).toEqual([]);
  });

  it('a run registered by a request that died before starting it is started by the repeat', async () => {
    const author = await createTestUser('author');
    const id = await playbook(author);
    // The first request's half: the Tenant registered the run and the key, then the request died.
    const now = new Date().toISOString();
    const claim = await runInDurableObject(env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID)), (t: TenantObject) => {
      const user = t.getUser(author.id)!;
      const run = {
        id: 'run_lost', playbook_id: id, revision: 1, status: 'queued' as const, inputs: { label: 'one' }, trigger: { type: 'manual' as const, by: author.id },
        created_by: author.id, step_index: 0, cost: { usd: 0, tokens: 0, wall_clock_seconds: 0, waiting_seconds: 0, compute_seconds: 0 }, created_at: now, updated_at: now,
      };
      return t.claimRun(user, run, { revision: 1, owner: author.id, idempotency: { key: 'died', request_hash: requestHash(id, { inputs: {}, trigger: run.trigger }) } });
    });
    expect(claim.kind).toBe('registered');
    const repeat = await start(author, id, 'died');
    expect(repeat.status, await repeat.clone().text()).toBe(201);
    expect(await json(repeat)).toMatchObject({ id: 'run_lost', number: (claim as { number: number }).number });
    expect(await json(await api('GET', '/runs/run_lost', author))).toMatchObject({ id: 'run_lost', inputs: { label: 'one' } });
    expect(await registered(id)).toEqual(['run_lost']);
  });
});
