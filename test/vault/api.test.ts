/**
 * The vault API (spec §2 "Vault", security.md "Secrets"): only admins list names and metadata,
 * store and delete, and no response ever carries a value. Every response is checked against
 * /openapi.json by `api()`, and every documented status except 503 (no VAULT_KEY) is produced.
 */
import { describe, expect, it } from 'vitest';
import { createTestUser, json } from '../helpers';
import { api, openApiDocument, seenResponses } from '../api/contract';

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
const META_KEYS = ['created_at', 'created_by', 'name', 'updated_at'];

describe('vault API', () => {
  it('stores (201), replaces (200), lists and deletes secrets without ever returning a value', async () => {
    const admin = await createTestUser('admin');
    const other = await createTestUser('admin');
    const name = unique('slack-bot');
    const first = `xoxb-${crypto.randomUUID()}`;
    const second = `xoxb-${crypto.randomUUID()}`;

    const created = await api('PUT', `/vault/${name}`, admin, { json: { value: first } });
    expect(created.status).toBe(201);
    const createdText = await created.clone().text();
    expect(createdText).not.toContain(first);
    const entry = await json(created);
    expect(Object.keys(entry).sort()).toEqual(META_KEYS);
    expect(entry).toMatchObject({ name, created_by: admin.id });

    const replaced = await api('PUT', `/vault/${name}`, other, { json: { value: second } });
    expect(replaced.status).toBe(200);
    const replacedText = await replaced.clone().text();
    expect(replacedText).not.toContain(second);
    const after = await json(replaced);
    expect(Object.keys(after).sort()).toEqual(META_KEYS);
    // The name keeps its creator; only the value and updated_at change.
    expect(after).toMatchObject({ name, created_by: admin.id, created_at: entry.created_at });
    expect(after.updated_at >= entry.updated_at).toBe(true);

    for (const who of [other, admin]) {
      const listed = await api('GET', '/vault', who);
      expect(listed.status).toBe(200);
      const text = await listed.clone().text();
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
      const { secrets } = await json(listed);
      for (const item of secrets) expect(Object.keys(item).sort()).toEqual(META_KEYS);
      expect(secrets.find((s: { name: string }) => s.name === name)).toEqual(after);
    }

    expect((await api('DELETE', `/vault/${name}`, admin)).status).toBe(204);
    expect((await api('DELETE', `/vault/${name}`, admin)).status).toBe(404);
    const { secrets } = await json(await api('GET', '/vault', other));
    expect(secrets.map((s: { name: string }) => s.name)).not.toContain(name);
  });

  it('lists secrets only for admins: an author or runner gets 403 forbidden, without a name', async () => {
    const admin = await createTestUser('admin');
    const name = unique('listed-for-admins');
    await api('PUT', `/vault/${name}`, admin, { json: { value: 'never-listed' } });
    for (const role of ['author', 'runner'] as const) {
      const listed = await api('GET', '/vault', await createTestUser(role));
      expect(listed.status, role).toBe(403);
      const text = await listed.clone().text();
      expect((await json(listed)).error.code).toBe('forbidden');
      expect(text).not.toContain(name);
    }
    expect((await json(await api('GET', '/vault', admin))).secrets.map((s: { name: string }) => s.name)).toContain(name);
  });

  it('lets only admins store or delete (403), changing nothing', async () => {
    const admin = await createTestUser('admin');
    const name = unique('admin-only');
    await api('PUT', `/vault/${name}`, admin, { json: { value: 'original' } });
    const before = await json(await api('GET', '/vault', admin));
    for (const role of ['author', 'runner'] as const) {
      const user = await createTestUser(role);
      const put = await api('PUT', `/vault/${name}`, user, { json: { value: 'overwritten' } });
      expect(put.status).toBe(403);
      expect((await json(put)).error.code).toBe('forbidden');
      expect((await api('PUT', `/vault/${unique('new')}`, user, { json: { value: 'x' } })).status).toBe(403);
      expect((await api('DELETE', `/vault/${name}`, user)).status).toBe(403);
    }
    expect(await json(await api('GET', '/vault', admin))).toEqual(before);
  });

  it('refuses bad input with the documented 4xx, and never echoes the value in an error', async () => {
    const admin = await createTestUser('admin');
    const name = unique('bad-input');
    const long = `long-${'s'.repeat(16384)}`;
    const cases: [string, Parameters<typeof api>[3], number, string?][] = [
      [`/vault/${name}`, { json: { value: '' } }, 422],
      [`/vault/${name}`, { json: { value: long } }, 422, long.slice(0, 40)],
      [`/vault/${name}`, { json: { value: 'leaky-value', extra: 1 } }, 422, 'leaky-value'],
      [`/vault/${name}`, { json: {} }, 422],
      [`/vault/${name}`, { json: { value: 42 } }, 422],
      ['/vault/Not_A_Slug', { json: { value: 'slug-value' } }, 422, 'slug-value'],
      [`/vault/${'x'.repeat(65)}`, { json: { value: 'v' } }, 422],
      [`/vault/${name}`, { raw: '{"value": "broken', contentType: 'application/json' }, 400],
      [`/vault/${name}`, { raw: 'value: yaml-value', contentType: 'application/yaml' }, 415, 'yaml-value'],
      [`/vault/${name}`, { raw: 'plain-value', contentType: 'text/plain' }, 415, 'plain-value'],
      [`/vault/${name}`, { raw: JSON.stringify({ value: 'x'.repeat(1024 * 1024 + 1) }), contentType: 'application/json' }, 413],
    ];
    for (const [path, body, status, mustNotEcho] of cases) {
      const response = await api('PUT', path, admin, body);
      const text = await response.text();
      expect(response.status, `${path} ${text.slice(0, 200)}`).toBe(status);
      if (mustNotEcho) expect(text).not.toContain(mustNotEcho);
    }
    expect((await api('DELETE', '/vault/Not_A_Slug', admin)).status).toBe(422);
    for (const [method, path] of [['GET', '/vault'], ['PUT', `/vault/${name}`], ['DELETE', `/vault/${name}`]] as const) {
      expect((await api(method, path, null, method === 'PUT' ? { json: { value: 'v' } } : undefined)).status).toBe(401);
    }
    const { secrets } = await json(await api('GET', '/vault', admin));
    expect(secrets.map((s: { name: string }) => s.name)).not.toContain(name);
  });

  it('produced every documented vault response except 503 (VAULT_KEY missing; see crypto.test.ts)', async () => {
    const doc = await openApiDocument();
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.endsWith('/vault') && !path.includes('/vault/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        for (const status of Object.keys(operation.responses)) {
          const key = `${method.toUpperCase()} ${path} ${status}`;
          if (!seenResponses.has(key) && status !== '503') missing.push(key);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
