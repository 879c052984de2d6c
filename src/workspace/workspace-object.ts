import { DurableObject } from 'cloudflare:workers';
import Papa from 'papaparse';
import type { Env } from '../env';

export type QueryResult = { columns: string[]; rows: unknown[][]; rows_written: number };

/** SQL errors are expected outcomes (bad SQL from an author or model), so they come back as values, not RPC exceptions. */
export type WorkspaceResult<T> = { ok: true; value: T } | { ok: false; error: string };

function attempt<T>(work: () => T): WorkspaceResult<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `append`: add to the table an earlier load created; `firstRow`: how many data rows came before this part (for error row numbers); `index`: columns to index when the table is created (for joins on them). */
export type LoadOptions = { append?: boolean; firstRow?: number; index?: string[] };

const quoted = (column: string) => `"${column.replace(/"/g, '""')}"`;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * A run's SQL workspace: its own SQLite, separate from the run's state, so SQL written by an
 * author or a model can read and drop workspace tables but can never touch the run's event log,
 * approvals or tool-call records.
 */
export class RunWorkspace extends DurableObject<Env> {
  /**
   * Loads a CSV as `table` (header row = column names; values kept as text), replacing it; with `append`, adds the rows to the
   * table a previous load created, so a large file can be loaded a part at a time (each part
   * with the header; `firstRow` numbers its rows in errors).
   */
  loadCsv(table: string, csv: string, options: LoadOptions = {}): WorkspaceResult<{ table: string; columns: string[]; rows: number }> {
    return attempt(() => this.load(table, csv, options));
  }

  private load(table: string, csv: string, { append = false, firstRow = 0, index = [] }: LoadOptions): { table: string; columns: string[]; rows: number } {
    if (!IDENTIFIER.test(table)) throw new Error(`"${table}" is not a valid table name (letters, digits, _)`);
    const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true });
    if (parsed.errors.length > 0) throw new Error(`CSV for "${table}" is invalid at row ${firstRow + (parsed.errors[0]!.row ?? 0)}: ${parsed.errors[0]!.message}`);
    const [header, ...rows] = parsed.data;
    if (!header || header.length === 0) throw new Error(`CSV for "${table}" has no header row`);
    const columns = header.map((h) => h.trim());
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      if (!append) {
        sql.exec(`DROP TABLE IF EXISTS "${table}"`);
        sql.exec(`CREATE TABLE "${table}" (${columns.map(quoted).join(', ')})`);
        const unknown = index.filter((c) => !columns.includes(c));
        if (unknown.length > 0) throw new Error(`cannot index "${table}" on ${unknown.map((c) => `"${c}"`).join(', ')}: its columns are ${columns.join(', ')}`);
        if (index.length > 0) sql.exec(`CREATE INDEX "${table}_index" ON "${table}" (${index.map(quoted).join(', ')})`);
      }
      const insert = `INSERT INTO "${table}" VALUES (${columns.map(() => '?').join(', ')})`;
      for (const row of rows) sql.exec(insert, ...columns.map((_, i) => row[i] ?? null));
    });
    return { table, columns, rows: rows.length };
  }

  /** Runs statements in order, each with `bindings` for its `?` parameters; returns the result of each (SELECTs carry rows). */
  query(statements: string[], bindings: SqlStorageValue[] = []): WorkspaceResult<QueryResult[]> {
    const sql = this.ctx.storage.sql;
    return attempt(() => statements.map((statement) => {
      const cursor = sql.exec(statement, ...bindings);
      const rows = [...cursor.raw()] as unknown[][];
      return { columns: cursor.columnNames, rows, rows_written: cursor.rowsWritten };
    }));
  }

  tableCsv(table: string): WorkspaceResult<string> {
    return attempt(() => {
      if (!IDENTIFIER.test(table)) throw new Error(`"${table}" is not a valid table name`);
      const cursor = this.ctx.storage.sql.exec(`SELECT * FROM "${table}"`);
      return Papa.unparse({ fields: cursor.columnNames, data: [...cursor.raw()] as unknown[][] });
    });
  }
}
