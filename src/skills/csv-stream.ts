// A workspace CSV read and written as it streams, for files larger than a run should hold as one
// string (issue 14: a 250,000-row export is ~30 MB, and a Durable Object has 128 MB). Reading
// gives the rows a slice at a time, parsed as `parseCsvInSlices` parses a whole text; writing gives
// the bytes of `toCsvInSlices` a slice at a time for the workspace's streamed write.
import Papa from 'papaparse';
import { csvLine } from '../er/csv';
import { csvParts } from '../tools/sql-batches';
import { letRequestsIn } from '../turns';
import { SLICE_ROWS } from './slices';

type Row = Record<string, string | undefined>;
/** One slice of a streamed CSV: the header's fields and up to `perSlice` rows; `firstRow` counts the rows before them. */
export type CsvSlice = { fields: string[]; rows: Row[]; firstRow: number };

/**
 * The CSV in `chunks` as slices of whole records, each parsed behind the header line (as
 * `parseCsvInSlices` does; the decoder drops a leading BOM as `text()` does), with requests let in
 * between slices; one slice and one chunk are held. A whole text with a cut inside a quoted field
 * falls back to one parse; a stream cannot, so a quote error is refused here.
 */
export async function* csvRowSlices(chunks: AsyncIterable<Uint8Array>, perSlice = SLICE_ROWS): AsyncGenerator<CsvSlice> {
  let firstRow = 0;
  for await (const part of csvParts(chunks, perSlice)) {
    if (firstRow > 0) await letRequestsIn();
    const parsed: Papa.ParseResult<Row> = Papa.parse<Row>(part.csv, { header: true, skipEmptyLines: 'greedy' });
    if (parsed.errors.some((e) => e.type === 'Quotes')) throw new Error(`Unbalanced quotes in the CSV near row ${firstRow + 1}`);
    yield { fields: parsed.meta.fields ?? [], rows: parsed.data, firstRow };
    firstRow += parsed.data.length;
  }
}

/** The bytes `toCsvInSlices(columns, rows)` writes, where `slices` gives the rows a slice at a time. */
export async function* csvChunks(columns: readonly string[], slices: AsyncIterable<readonly (readonly unknown[])[]>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(`${csvLine(columns)}\n`);
  for await (const rows of slices) {
    if (rows.length === 0) continue;
    yield encoder.encode(`${rows.map(csvLine).join('\n')}\n`);
  }
}
