import type { DiscoveryRecord } from '../connections/discovery';

/** The last connection discovery (src/connections/discovery.ts): one row, replaced by each refresh. */
export class DiscoveryStore {
  constructor(private readonly sql: SqlStorage) {}

  save(record: DiscoveryRecord): void {
    this.sql.exec(
      `INSERT INTO discovered_connections (slot, backend, source, connections, error, discovered_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (slot) DO UPDATE SET backend = excluded.backend, source = excluded.source, connections = excluded.connections, error = excluded.error, discovered_at = excluded.discovered_at`,
      record.backend, record.source, JSON.stringify(record.connections), record.error ?? null, record.discovered_at,
    );
  }

  get(): DiscoveryRecord | null {
    const row = this.sql
      .exec<{ backend: DiscoveryRecord['backend']; source: string; connections: string; error: string | null; discovered_at: string }>('SELECT * FROM discovered_connections WHERE slot = 1')
      .toArray()[0];
    if (!row) return null;
    return { backend: row.backend, source: row.source, discovered_at: row.discovered_at, connections: JSON.parse(row.connections) as DiscoveryRecord['connections'], ...(row.error ? { error: row.error } : {}) };
  }
}
