/**
 * Applies a Durable Object's schema migrations idempotently: each runs once, in order, and the
 * applied count lives in `meta`, so waking an object again changes nothing (style.md #8).
 */
export function migrate(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  const applied = row ? Number(row.value) : 0;
  for (let i = applied; i < migrations.length; i++) sql.exec(migrations[i]!);
  sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", String(migrations.length));
}
