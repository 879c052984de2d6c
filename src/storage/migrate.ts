/**
 * Applies a Durable Object's schema migrations idempotently: each runs once, in order, and the
 * applied count lives in `meta`, so waking an object again changes nothing (style.md #8).
 *
 * A brand-new object (every new run) would replay the whole history, ALTERs included. Instead,
 * the first object of an isolate that replays it records the schema it ends with, and later new
 * objects of that kind create that schema in one script. The record is derived, not a second copy
 * of the schema to keep in step.
 */
const freshSchemas = new Map<readonly string[], string>();

export function migrate(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  const applied = row ? Number(row.value) : 0;
  if (applied >= migrations.length) return;
  const version = `INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '${migrations.length}')`;
  const fresh = applied === 0 ? freshSchemas.get(migrations) : undefined;
  if (fresh) {
    sql.exec(`${fresh};\n${version}`);
    return;
  }
  const pending = migrations.slice(applied).map((m) => m.trim().replace(/;$/, ''));
  sql.exec(`${pending.join(';\n')};\n${version}`);
  if (applied === 0) freshSchemas.set(migrations, schemaOf(sql));
}

/** The tables and indexes an object has now, as CREATE statements (SQLite keeps them rewritten after each ALTER). */
export function schemaOf(sql: SqlStorage): string {
  return sql
    .exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'meta' ORDER BY type = 'index', name")
    .toArray()
    .map((r) => r.sql)
    .join(';\n');
}
