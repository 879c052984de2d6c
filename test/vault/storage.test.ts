/**
 * security.md "Secrets" at rest: the Tenant Durable Object's storage (every table, every column,
 * and its key-value store) never holds a plaintext value; rows cannot be swapped between names;
 * a deployment with a different VAULT_KEY cannot read them.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { putSecret, resolveVaultHandles } from '../../src/vault/service';
import { call, createTestUser } from '../helpers';

const tenant = () => env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Every place in the object's storage where `text` (or its base64) appears, as `table.column`. */
async function whereStored(text: string): Promise<string[]> {
  const forms = [text, btoa(text)];
  return runInDurableObject(tenant(), async (_object: TenantObject, state) => {
    const found: string[] = [];
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").toArray();
    expect(tables.map((t) => t.name)).toContain('vault');
    for (const { name } of tables) {
      for (const row of state.storage.sql.exec(`SELECT * FROM "${name}"`)) {
        for (const [column, value] of Object.entries(row)) {
          const hit = value instanceof ArrayBuffer
            ? forms.some((form) => containsBytes(new Uint8Array(value), new TextEncoder().encode(form)))
            : forms.some((form) => String(value).includes(form));
          if (hit) found.push(`${name}.${column}`);
        }
      }
    }
    for (const [key, value] of await state.storage.list()) {
      if (forms.some((form) => `${key} ${JSON.stringify(value)}`.includes(form))) found.push(`kv:${key}`);
    }
    return found;
  });
}

async function put(name: string, value: string): Promise<void> {
  const admin = await createTestUser('admin');
  const response = await call('PUT', `/vault/${name}`, admin, { json: { value } });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('vault storage', () => {
  it('round-trips through the Tenant Durable Object', async () => {
    const name = unique('api-key');
    await put(name, 'sk-round-trip-1');
    expect((await resolveVaultHandles(env, `Bearer {{vault:${name}}}`)).value).toBe('Bearer sk-round-trip-1');
    await put(name, 'sk-round-trip-2');
    expect((await resolveVaultHandles(env, `{{vault:${name}}}`)).value).toBe('sk-round-trip-2');
  });

  it('never stores the plaintext anywhere in the object, only ciphertext and IV', async () => {
    const name = unique('db-password');
    const plaintext = `plaintext-${crypto.randomUUID()}`;
    await put(name, plaintext);
    expect(await whereStored(plaintext)).toEqual([]);
    // The row exists and holds binary ciphertext (value + 16-byte GCM tag) and a 12-byte IV.
    const row = await runInDurableObject(tenant(), (_object: TenantObject, state) =>
      state.storage.sql.exec<{ ciphertext: ArrayBuffer; iv: ArrayBuffer }>('SELECT ciphertext, iv FROM vault WHERE name = ?', name).one());
    expect(row.ciphertext.byteLength).toBe(plaintext.length + 16);
    expect(row.iv.byteLength).toBe(12);
    // Replacing keeps it that way.
    const replaced = `replaced-${crypto.randomUUID()}`;
    await put(name, replaced);
    expect(await whereStored(replaced)).toEqual([]);
  });

  it('binds each ciphertext to its name: swapping two rows makes both unreadable', async () => {
    const a = unique('swap-a');
    const b = unique('swap-b');
    await put(a, 'value-of-a');
    await put(b, 'value-of-b');
    await runInDurableObject(tenant(), (_object: TenantObject, state) => {
      const sql = state.storage.sql;
      const rowA = sql.exec<{ ciphertext: ArrayBuffer; iv: ArrayBuffer }>('SELECT ciphertext, iv FROM vault WHERE name = ?', a).one();
      const rowB = sql.exec<{ ciphertext: ArrayBuffer; iv: ArrayBuffer }>('SELECT ciphertext, iv FROM vault WHERE name = ?', b).one();
      sql.exec('UPDATE vault SET ciphertext = ?, iv = ? WHERE name = ?', rowB.ciphertext, rowB.iv, a);
      sql.exec('UPDATE vault SET ciphertext = ?, iv = ? WHERE name = ?', rowA.ciphertext, rowA.iv, b);
    });
    for (const name of [a, b]) {
      const error = await failure(resolveVaultHandles(env, { token: `{{vault:${name}}}` }));
      expect(error.code).toBe('vault_decrypt_failed');
      expect(error.message).toContain(`"${name}"`);
      expect(error.message).not.toMatch(/value-of-/);
    }
  });

  it('cannot be read with a different VAULT_KEY', async () => {
    const name = unique('wrong-key');
    await put(name, 'secret-under-the-real-key');
    const error = await failure(resolveVaultHandles({ ...env, VAULT_KEY: 'some-other-deployment-key-0123456789' }, `{{vault:${name}}}`));
    expect(error.status).toBe(500);
    expect(error.code).toBe('vault_decrypt_failed');
    expect(error.message).toMatch(/VAULT_KEY differs/);
  });

  it('refuses to store without a usable VAULT_KEY, storing nothing', async () => {
    const name = unique('no-key');
    const admin = await createTestUser('admin');
    const user = { id: admin.id, name: 'Admin', role: 'admin' as const, groups: [], created_at: new Date().toISOString() };
    for (const VAULT_KEY of [undefined, 'too-short']) {
      const error = await failure(putSecret({ env: { ...env, VAULT_KEY }, tenant: tenant(), user }, name, 'v'));
      expect(error.status).toBe(503);
      expect(error.code).toBe('vault_not_configured');
    }
    expect((await tenant().listVaultEntries()).map((e) => e.name)).not.toContain(name);
  });
});
