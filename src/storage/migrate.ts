/**
 * Applies a Durable Object's schema migrations idempotently: each runs once, in order, and the
 * applied count lives in `meta`, so waking an object again changes nothing (style.md #8). The
 * pending ones go to SQLite as one script with the version bump, so a new object (a new run)
 * pays one call, not one per migration.
 */
export function migrate(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  const applied = row ? Number(row.value) : 0;
  if (applied >= migrations.length) return;
  const pending = migrations.slice(applied).map((m) => m.trim().replace(/;$/, ''));
  sql.exec(`${pending.join(';\n')};\nINSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '${migrations.length}')`);
}
