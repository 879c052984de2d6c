// sql.local's `batch`: one statement run once per slice of a table's rows. SQLite cannot
// interrupt a statement, and the run answers nothing while its workspace object computes, so a
// query over many rows (the ER cross-check scores ~18,000 pairs with Jaro-Winkler in SQL) goes in
// batches, one workspace call each, with the run's requests let in between (issue 13).

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
