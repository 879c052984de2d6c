/** Tenant SQLite schema. Each entry runs once, in order; the applied count is kept in `meta`. */
export const TENANT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS users (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, groups TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS tokens (
     hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), label TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS playbooks (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, revision INTEGER NOT NULL, status TEXT NOT NULL,
     created_by TEXT NOT NULL, allowed_users TEXT NOT NULL, source_blueprint TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
   CREATE TABLE IF NOT EXISTS playbook_revisions (
     playbook_id TEXT NOT NULL, revision INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (playbook_id, revision));`,
];

export function migrate(sql: SqlStorage): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  const applied = row ? Number(row.value) : 0;
  for (let i = applied; i < TENANT_MIGRATIONS.length; i++) sql.exec(TENANT_MIGRATIONS[i]!);
  sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", String(TENANT_MIGRATIONS.length));
}
