import Papa from 'papaparse';

/** A table as strings: Keboola Storage keeps untyped tables as text too. */
export type CsvTable = { columns: string[]; rows: string[][] };

// Keboola column names: letters, digits and underscores, at most 64 characters.
const COLUMN = /^[A-Za-z0-9_]{1,64}$/;

/** Parses CSV with a header row; `fail` turns a problem into the caller's error type. */
export function parseCsv(text: string, fail: (problem: string) => Error): CsvTable {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: 'greedy' });
  const error = parsed.errors[0];
  if (error) throw fail(`CSV row ${(error.row ?? 0) + 1}: ${error.message}`);
  const [columns, ...rows] = parsed.data;
  if (!columns || columns.length === 0 || (columns.length === 1 && columns[0] === '')) throw fail('the CSV has no header row');
  const bad = columns.filter((c) => !COLUMN.test(c));
  if (bad.length > 0) throw fail(`column names may use only letters, digits and _ (at most 64): ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) throw fail(`column names repeat: ${[...new Set(repeated)].join(', ')}`);
  rows.forEach((row, i) => {
    if (row.length !== columns.length) throw fail(`CSV row ${i + 2} has ${row.length} fields; the header has ${columns.length}`);
  });
  return { columns, rows };
}

/** LF line ends and a final newline, the same shape as the generated sample files. */
export function toCsv(table: CsvTable): string {
  return `${Papa.unparse({ fields: table.columns, data: table.rows }, { newline: '\n' })}\n`;
}

/** The first `limit` data rows, re-serialised (a quoted value may span lines, so lines cannot be cut). */
export function firstRows(text: string, limit: number): string {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: 'greedy', preview: Math.max(0, limit) + 1 });
  const [columns = [], ...rows] = parsed.data;
  return toCsv({ columns, rows });
}

/**
 * Merges `incoming` into `current` as Keboola's incremental load does: rows whose primary key
 * matches replace the stored row in place, new keys are appended, and columns the CSV leaves out
 * stay empty. Without a primary key every row is appended.
 */
export function upsert(current: CsvTable, incoming: CsvTable, primaryKey: string[]): CsvTable {
  const aligned = align(incoming, current.columns);
  if (primaryKey.length === 0) return { columns: current.columns, rows: [...current.rows, ...aligned] };
  const keyOf = keyFunction(current.columns, primaryKey);
  const rows = [...current.rows];
  const position = new Map(rows.map((row, i) => [keyOf(row), i]));
  for (const row of aligned) {
    const key = keyOf(row);
    const at = position.get(key);
    if (at === undefined) position.set(key, rows.push(row) - 1);
    else rows[at] = row;
  }
  return { columns: current.columns, rows };
}

/** Keeps the last row per primary key, as Keboola deduplicates a load into a table with a key. */
export function dedupe(table: CsvTable, primaryKey: string[]): CsvTable {
  return primaryKey.length === 0 ? table : upsert({ columns: table.columns, rows: [] }, table, primaryKey);
}

function align(table: CsvTable, columns: string[]): string[][] {
  const from = columns.map((c) => table.columns.indexOf(c));
  return table.rows.map((row) => from.map((i) => (i < 0 ? '' : row[i]!)));
}

function keyFunction(columns: string[], primaryKey: string[]): (row: string[]) => string {
  const at = primaryKey.map((c) => columns.indexOf(c));
  return (row) => JSON.stringify(at.map((i) => row[i]));
}
