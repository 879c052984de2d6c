/**
 * Issue 18: the migration that adds `published_revision` publishes every existing Playbook at its
 * current revision, so what its runners and triggers run does not change. Replayed on a fresh
 * Tenant object whose playbooks table is put back to its shape before the migration.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { TENANT_MIGRATIONS } from '../../src/tenant/schema';
import type { TenantObject } from '../../src/tenant/tenant-object';

describe('the published-revision migration', () => {
  it('an existing Playbook is published at its current revision', async () => {
    const stub = env.TENANT.get(env.TENANT.idFromName(`migration-${crypto.randomUUID()}`));
    await runInDurableObject(stub, async (tenant: TenantObject, state) => {
      const sql = state.storage.sql;
      const migration = TENANT_MIGRATIONS.find((m) => m.includes('ADD COLUMN published_revision'))!;
      expect(migration).toBeDefined();
      sql.exec('DROP TABLE playbooks');
      sql.exec(`CREATE TABLE playbooks (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, revision INTEGER NOT NULL, status TEXT NOT NULL,
        created_by TEXT NOT NULL, allowed_users TEXT NOT NULL, source_blueprint TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT)`);
      const at = '2026-01-01T00:00:00.000Z';
      sql.exec("INSERT INTO playbooks VALUES ('pb_old', 'Old', NULL, 3, 'draft', 'dana', '[]', NULL, ?, ?, NULL)", at, at);
      sql.exec(migration);
      expect(tenant.getPlaybook('pb_old')).toMatchObject({ id: 'pb_old', revision: 3, published_revision: 3 });
    });
  });
});
