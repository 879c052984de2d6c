import Papa from 'papaparse';

/** CSV as Keboola Storage speaks it (RFC 4180, comma, double-quote enclosure). */

export type CsvShape = { columns: string[]; rows: number };

/** The header and the number of data rows; blank lines do not count. */
export function csvShape(csv: string): CsvShape {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  const [header = [], ...rows] = parsed.data;
  return { columns: header.map((c) => String(c).trim()), rows: rows.length };
}

/** Exports from Storage have no header row (keboola-api.md "Export"): add the table's columns, quoted as Keboola's clients do. */
export function withHeader(columns: readonly string[], body: string): string {
  const header = Papa.unparse([columns as string[]], { quotes: true, newline: '\n' });
  if (!body) return `${header}\n`;
  return `${header}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** The first `lines` records (header included) of a CSV, for showing a model what a saved file holds. */
export function csvHead(csv: string, lines: number): string {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true, preview: lines });
  return Papa.unparse(parsed.data, { newline: '\n' });
}
