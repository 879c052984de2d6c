import type { ToolContext } from '../../../tools/types';
import { fromRpc } from '../../../errors';
import type { QueryResult as WorkspaceQueryResult, WorkspaceResult } from '../../../workspace/workspace-object';
import type { Manifest } from './manifest';
import { SampleQueryError } from './errors';
import { parseCsv, type CsvTable } from './csv';

/**
 * The sample project's stand-in for a Keboola workspace: the run's own SQLite (RunWorkspace). A
 * storage table the SQL names is copied in under its quoted id ("in.c-salesforce.contacts") before
 * the SQL runs, once per run: `_sample_loads` remembers the etag of each copy, so a table is copied
 * again only after an import changed it (or the run's SQL dropped it). The copy is written with
 * plain SQL rather than RunWorkspace.loadCsv, which takes only bare identifiers as table names.
 */

const LOADS = '_sample_loads';

type Workspace = ReturnType<ToolContext['env']['WORKSPACE']['get']>;

export function runWorkspace(ctx: ToolContext): Workspace {
  return ctx.env.WORKSPACE.get(ctx.env.WORKSPACE.idFromName(ctx.run_id));
}

/** Table ids in `sql` — as a whole name, so "…gl_costs" does not also pick "…gl_costs_archive". */
export function mentionedTables(sql: string, manifest: Manifest): string[] {
  return Object.keys(manifest.tables).filter((id) => new RegExp(`(^|[^A-Za-z0-9_.-])${id.replace(/[.-]/g, '\\$&')}($|[^A-Za-z0-9_-])`).test(sql));
}

export async function loadIntoWorkspace(workspace: Workspace, manifest: Manifest, ids: string[], readCsv: (id: string) => Promise<string>): Promise<string[]> {
  if (ids.length === 0) return [];
  const [, current] = await run(workspace, [
    `CREATE TABLE IF NOT EXISTS ${LOADS} (table_id TEXT PRIMARY KEY, etag TEXT NOT NULL)`,
    `SELECT l.table_id, l.etag FROM ${LOADS} l JOIN sqlite_master m ON m.type = 'table' AND m.name = l.table_id`,
  ]);
  const loaded = new Map(current!.rows.map(([id, etag]) => [String(id), String(etag)]));
  const stale = ids.filter((id) => loaded.get(id) !== manifest.tables[id]!.etag);
  for (const id of stale) {
    const table = parseCsv(await readCsv(id), (problem) => new SampleQueryError(`stored table ${id} is not valid CSV: ${problem}`));
    const types = columnTypes(table);
    const quoted = quote(id);
    await run(workspace, [
      `DROP TABLE IF EXISTS ${quoted}`,
      `CREATE TABLE ${quoted} (${table.columns.map((c, i) => `${quote(c)} ${types[i]}`).join(', ')})`,
      ...inserts(quoted, table, types),
      `INSERT OR REPLACE INTO ${LOADS} VALUES (${literal(id)}, ${literal(manifest.tables[id]!.etag)})`,
    ]);
  }
  return stale;
}

/** Multi-row INSERTs kept well under SQLite's statement size limit in Durable Objects (100 KB). */
function inserts(quoted: string, table: CsvTable, types: string[]): string[] {
  const statements: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length > 0) statements.push(`INSERT INTO ${quoted} VALUES ${batch.join(',')}`);
    [batch, size] = [[], 0];
  };
  for (const row of table.rows) {
    // Numeric values passed the type's pattern, so they are safe to write as they are.
    const tuple = `(${row.map((v, i) => (types[i] === 'TEXT' ? literal(v) : v === '' ? 'NULL' : v)).join(',')})`;
    if (size + tuple.length > 60_000) flush();
    batch.push(tuple);
    size += tuple.length;
  }
  flush();
  return statements;
}

export async function run(workspace: Workspace, statements: string[]): Promise<WorkspaceQueryResult[]> {
  const result = fromRpc<WorkspaceResult<WorkspaceQueryResult[]>>(await workspace.query(statements));
  if (!result.ok) throw new SampleQueryError(result.error);
  return result.value;
}

const INTEGER = /^-?(0|[1-9]\d{0,14})$/; // 15 digits stay exact as JavaScript numbers
const REAL = /^-?(0|[1-9]\d{0,14})\.\d+$/;

/**
 * SQLite compares a text value with a number by type, not by value ('0' > 0 is true), so SQL that
 * is right in a Keboola workspace would be silently wrong here. Columns whose every value is a
 * number get a numeric type; values with leading zeros (postcodes, ids) keep TEXT.
 */
function columnTypes(table: CsvTable): string[] {
  return table.columns.map((_, i) => {
    let type = '';
    for (const row of table.rows) {
      const value = row[i]!;
      if (value === '') continue;
      if (INTEGER.test(value)) type ||= 'INTEGER';
      else if (REAL.test(value)) type = 'REAL';
      else return 'TEXT';
    }
    return type || 'TEXT';
  });
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
