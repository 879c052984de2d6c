import { describe, expect, it } from 'vitest';
import { batchRanges, batchStatement, csvParts, sumRows } from './sql-batches';

async function parts(chunks: Uint8Array[], records: number, chars?: number) {
  const out = [];
  for await (const part of csvParts((async function* () { yield* chunks; })(), records, chars)) out.push(part);
  return out;
}

describe('sql.local batches', () => {
  it('cover every rowid once, in order, in ranges of the given size (one empty range for an empty table)', () => {
    expect(batchRanges(7, 3)).toEqual([[0, 3], [3, 6], [6, 9]]);
    expect(batchRanges(6, 3)).toEqual([[0, 3], [3, 6]]);
    expect(batchRanges(0, 3)).toEqual([[0, 3]]);
    for (const [max, size] of [[1, 1], [10, 1], [1000, 300], [299, 300]] as const) {
      const covered = batchRanges(max, size).flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + 1 + i)).filter((r) => r <= max);
      expect(covered).toEqual(Array.from({ length: max }, (_, i) => i + 1));
    }
  });

  it('put the batch first among the CTEs, keeping RECURSIVE where the statement has it, and refuse anything but a query', () => {
    const batch = 'batch AS (SELECT * FROM "t" WHERE rowid > ?1 AND rowid <= ?2)';
    expect(batchStatement('SELECT count(*) FROM batch', 't')).toBe(`WITH ${batch} SELECT count(*) FROM batch`);
    expect(batchStatement('  with x AS (SELECT * FROM batch) SELECT * FROM x', 't')).toBe(`WITH ${batch}, x AS (SELECT * FROM batch) SELECT * FROM x`);
    expect(batchStatement('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n, batch', 't')).toBe(
      `WITH RECURSIVE ${batch}, n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n, batch`,
    );
    expect(() => batchStatement('DELETE FROM t', 't')).toThrow(/must be a SELECT or start with WITH/);
  });

  it('cut a CSV into parts of whole records, each with the header, numbered by the records before it, however its chunks fall', async () => {
    const text = 'a,b\n1,x\n2,"y\nz"\n3,"é ""q"""\n4,v\n5,u';
    const expected = [
      { csv: 'a,b\n1,x\n2,"y\nz"\n', firstRow: 0 },
      { csv: 'a,b\n3,"é ""q"""\n4,v\n', firstRow: 2 },
      { csv: 'a,b\n5,u', firstRow: 4 },
    ];
    const bytes = new TextEncoder().encode(text);
    // Every split point, so a chunk edge inside a quote, the header or a two-byte character shows.
    for (let at = 0; at <= bytes.length; at++) expect(await parts([bytes.subarray(0, at), bytes.subarray(at)], 2)).toEqual(expected);
    expect(await parts([...bytes].map((b) => Uint8Array.of(b)), 2)).toEqual(expected);
    expect(await parts([new TextEncoder().encode('a,b\n')], 2)).toEqual([{ csv: 'a,b\n', firstRow: 0 }]);
    expect(await parts([new TextEncoder().encode('a,b')], 2)).toEqual([{ csv: 'a,b', firstRow: 0 }]);
  });

  it('end a part early at a record end once it holds `chars` characters of records, numbering the next by the records given', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,x\n2,"long\nvalue"\n3,y\n4,z\n5,w\n');
    expect(await parts([bytes], 3, 8)).toEqual([
      { csv: 'a,b\n1,x\n2,"long\nvalue"\n', firstRow: 0 },
      { csv: 'a,b\n3,y\n4,z\n', firstRow: 2 },
      { csv: 'a,b\n5,w\n', firstRow: 4 },
    ]);
    // The cap counts characters across chunks too.
    expect(await parts([...bytes].map((b) => Uint8Array.of(b)), 3, 8)).toEqual(await parts([bytes], 3, 8));
  });

  it('sum batches into one row of totals; nulls add nothing, text is refused', () => {
    const first = sumRows({ columns: ['n', 'm'], rows: [[1, 2], [3, null]], rows_written: 0 });
    expect(first.rows).toEqual([[4, 2]]);
    expect(sumRows({ columns: ['n', 'm'], rows: [], rows_written: 0 }, first).rows).toEqual([[4, 2]]);
    expect(sumRows({ columns: ['n', 'm'], rows: [], rows_written: 0 }).rows).toEqual([[0, 0]]);
    expect(() => sumRows({ columns: ['n', 'm'], rows: [[1, 'x']], rows_written: 0 }, first)).toThrow('column "m" holds "x"');
  });
});
