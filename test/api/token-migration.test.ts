/**
 * Issue 16: the migration that gives tokens an id, last four and expiry keeps tokens issued before
 * it working, and makes them listable (by an id derived from their hash, never from the token) and
 * revocable. Replayed on a fresh Tenant object whose tokens table is put back to its first shape.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/tokens';
import { TENANT_MIGRATIONS } from '../../src/tenant/schema';
import type { TenantObject } from '../../src/tenant/tenant-object';

describe('the token migration', () => {
  it('an old token still signs in, is listed without last four under a hash-derived id, and can be revoked', async () => {
    const stub = env.TENANT.get(env.TENANT.idFromName(`migration-${crypto.randomUUID()}`));
    const token = `ast_old-${crypto.randomUUID()}`;
    const hash = await sha256Hex(token);
    await runInDurableObject(stub, async (tenant: TenantObject, state) => {
      const sql = state.storage.sql;
      const migration = TENANT_MIGRATIONS.find((m) => m.includes('ALTER TABLE tokens ADD COLUMN id'))!;
      expect(migration).toBeDefined();
      sql.exec('DROP INDEX IF EXISTS tokens_by_id; DROP INDEX IF EXISTS tokens_by_user; DROP TABLE tokens');
      sql.exec('CREATE TABLE tokens (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), label TEXT NOT NULL, created_at TEXT NOT NULL)');
      tenant.createUser({ id: 'old-timer', name: 'Old', role: 'author', groups: [] }, '2026-01-01T00:00:00.000Z');
      sql.exec('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)', hash, 'old-timer', 'legacy', '2026-01-01T00:00:00.000Z');
      sql.exec(migration);

      expect(await tenant.authenticate(token)).toMatchObject({ user: { id: 'old-timer' }, expires_at: null });
      const listed = tenant.listTokens('old-timer', new Date().toISOString());
      expect(listed).toEqual([
        { id: `tok_${hash.slice(0, 16)}`, user_id: 'old-timer', label: 'legacy', created_at: '2026-01-01T00:00:00.000Z', expires_at: null, expired: false, last4: null },
      ]);
      expect(JSON.stringify(listed)).not.toContain(token.slice(4, 12));
      expect(tenant.revokeToken('someone-else', listed[0]!.id)).toBeNull();
      expect(tenant.revokeToken('old-timer', listed[0]!.id)).toBe(hash);
      expect(await tenant.authenticate(token)).toBeNull();
    });
  });
});
