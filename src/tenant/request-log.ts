import type { RequestLogEntry } from '../domain/request-log';

export type { RequestLogEntry };

/** How many entries the Tenant keeps: the newest only, so the log never grows with traffic. */
export const REQUEST_LOG_MAX = 1000;

/**
 * Who called what (issue 17): one row per authenticated API call that changed something, the
 * newest REQUEST_LOG_MAX kept. Runs and their audit chains keep the full record of what a run did;
 * this answers "which principal made that call".
 */
export class RequestLog {
  constructor(private readonly sql: SqlStorage) {}

  append(entries: Omit<RequestLogEntry, 'seq'>[]): void {
    for (const e of entries) {
      this.sql.exec('INSERT INTO request_log (at, principal_id, principal_kind, method, path, status) VALUES (?, ?, ?, ?, ?, ?)', e.at, e.principal_id, e.principal_kind, e.method, e.path, e.status);
    }
    this.sql.exec('DELETE FROM request_log WHERE seq <= (SELECT MAX(seq) FROM request_log) - ?', REQUEST_LOG_MAX);
  }

  /** Newest first; optionally one principal's. */
  list(filter: { principal_id?: string; limit: number }): RequestLogEntry[] {
    return this.sql
      .exec<RequestLogEntry>('SELECT * FROM request_log WHERE (?1 IS NULL OR principal_id = ?1) ORDER BY seq DESC LIMIT ?2', filter.principal_id ?? null, filter.limit)
      .toArray();
  }
}
