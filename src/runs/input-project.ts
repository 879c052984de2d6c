import type { Env } from '../env';
import type { KeboolaBackend, TableInfo } from '../connections/keboola/backend';
import { keboolaBackend } from '../connections/keboola';
import { systemToolContext } from '../tools/system-context';

/**
 * The connected project as run inputs see it (the same Keboola backend the tools use: the sample
 * project without a token, the Storage API with one). One instance per request: the table list is
 * read once and shared by every input that needs it.
 */
export type InputProject = {
  tables(): Promise<TableInfo[]>;
  /** Distinct non-empty values of a column, as text, newest (largest) first; `truncated` when there are more than `limit`. */
  distinctValues(tableId: string, column: string, limit: number): Promise<{ values: string[]; truncated: boolean }>;
};

export function inputProject(env: Env, purpose: string): InputProject {
  let backend: Promise<KeboolaBackend> | undefined;
  let tables: Promise<TableInfo[]> | undefined;
  const connect = () => (backend ??= keboolaBackend(systemToolContext(env, purpose)));
  return {
    tables: () => (tables ??= connect().then((b) => b.listTables())),
    async distinctValues(tableId, column, limit) {
      const b = await connect();
      const name = quote(column);
      const sql = `SELECT DISTINCT ${name} FROM ${tableRef(b.kind, tableId)} WHERE ${name} IS NOT NULL ORDER BY 1 DESC LIMIT ${limit + 1}`;
      const result = await b.query(sql, { max_rows: limit + 1 });
      const values = result.rows.map((row) => String(row[0])).filter((v) => v !== '');
      return { values: values.slice(0, limit), truncated: values.length > limit };
    },
  };
}

/**
 * How SQL names a Storage table: the sample workspace copies it in under its whole id; a Keboola
 * (Snowflake) workspace sees each bucket as a schema.
 */
function tableRef(kind: KeboolaBackend['kind'], tableId: string): string {
  if (kind === 'sample') return quote(tableId);
  const dot = tableId.lastIndexOf('.');
  return `${quote(tableId.slice(0, dot))}.${quote(tableId.slice(dot + 1))}`;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** "in.c-finance: allocation_drivers, gl_costs" — a short list for a message. */
export function listed(items: readonly string[], max = 20): string {
  if (items.length === 0) return 'none';
  return items.length > max ? `${items.slice(0, max).join(', ')} … and ${items.length - max} more` : items.join(', ');
}
