// sql.local's `batch`: one statement run once per slice of a table's rows. SQLite cannot
// interrupt a statement, and the run answers nothing while its workspace object computes, so a
// query over many rows (the ER cross-check scores ~18,000 pairs with Jaro-Winkler in SQL) goes in
// batches, one workspace call each, with the run's requests let in between (issue 13). Loading a
// large CSV goes in parts for the same reason, streamed from the file (issue 17: a 1,000,000-row
// export is ~100 MB, more than a Worker holds as one string).

import type { QueryResult } from '../workspace/workspace-object';
import { csvRecordParts } from '../csv-parts';

/**
 * The rows `?1 < rowid <= ?2` of `table`, put in front of the statement as the CTE `batch`. The
 * range is bound, not written in, so every batch runs the same text and SQLite prepares it once.
 */
export function batchStatement(statement: string, table: string): string {
  const batch = `batch AS (SELECT * FROM "${table}" WHERE rowid > ?1 AND rowid <= ?2)`;
  const withClause = /^\s*WITH(\s+RECURSIVE)?\s+/i.exec(statement);
  if (withClause) return `WITH${withClause[1] ?? ''} ${batch}, ${statement.slice(withClause[0].length)}`;
  if (/^\s*SELECT\b/i.test(statement)) return `WITH ${batch} ${statement}`;
  throw new Error('a batched statement must be a SELECT or start with WITH (it reads the rows of the batch as the table "batch")');
}

/** The `rows`-sized rowid ranges covering 1..maxRowid (one empty range for an empty table). */
export function batchRanges(maxRowid: number, rows: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let from = 0; from === 0 || from < maxRowid; from += rows) ranges.push([from, from + rows]);
  return ranges;
}

/** `previous` (a one-row sum, if any) plus every row of `result`, column by column: one row of totals. */
export function sumRows(result: QueryResult, previous?: QueryResult): QueryResult {
  const totals = previous?.rows[0]?.slice() ?? result.columns.map(() => 0);
  for (const row of result.rows) {
    row.forEach((value, i) => {
      if (value === null) return;
      if (typeof value !== 'number') throw new Error(`batch.sum adds numbers, but column "${result.columns[i]}" holds ${JSON.stringify(value)}`);
      totals[i] = (totals[i] as number) + value;
    });
  }
  return { columns: result.columns, rows: [totals], rows_written: 0 };
}

/**
 * A CSV streaming past in chunks (a workspace file of any size) as parts of whole records, each
 * with the header (csvRecordParts: at most `records` records or about `chars` characters of them;
 * loading costs per value, so a table of wide rows goes in fewer rows a part); `firstRow` counts
 * the records before it. One part and one chunk are held, never the file.
 */
export async function* csvParts(chunks: AsyncIterable<Uint8Array>, records: number, chars = Infinity): AsyncGenerator<{ csv: string; firstRow: number }> {
  for await (const part of csvRecordParts(decoded(chunks), records, chars)) yield { csv: part.header + part.body, firstRow: part.firstRow };
}

async function* decoded(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}
