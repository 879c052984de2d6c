// Long skill scripts run inside the run object, which answers nothing while JavaScript runs
// without awaiting. Their row work is cut into slices with the event loop's turn ended between
// them, so `GET /runs/{id}` and the event stream wait for one slice, never for the script
// (issue 13). Slices are counted in rows, not timed: deployed Workers' clocks stand still
// during compute, so a time budget could never be observed.
import Papa from 'papaparse';
import { csvLine } from '../er/csv';
import { letRequestsIn } from '../turns';
import { csvRecordParts } from '../csv-parts';

/**
 * Rows per slice for cheap per-row work (parsing, serialising): ~5–20 ms each at 100k-row scale,
 * where garbage collection adds to every slice (2,000-row CSV slices took 70–180 ms on a machine
 * at load average 7, and a GET waits for one at each object it crosses).
 */
export const SLICE_ROWS = 1_000;


/** `fn` on each of `items`, `perSlice` at a time, letting requests in between slices. */
export async function forEachInSlices<T>(items: readonly T[], fn: (item: T, index: number) => void, perSlice = SLICE_ROWS): Promise<void> {
  for (let from = 0; from < items.length; from += perSlice) {
    if (from > 0) await letRequestsIn();
    const to = Math.min(items.length, from + perSlice);
    for (let i = from; i < to; i++) fn(items[i]!, i);
  }
}

/** Runs a stepwise computation (a generator that yields between slices of its work) to its result, letting requests in at each yield. */
export async function stepsInSlices<R>(steps: Generator<unknown, R>): Promise<R> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await letRequestsIn();
  }
}

/** `items.map(fn)` in slices. */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T, index: number) => R, perSlice = SLICE_ROWS): Promise<R[]> {
  const out: R[] = new Array(items.length);
  await forEachInSlices(items, (item, i) => void (out[i] = fn(item, i)), perSlice);
  return out;
}

/** Every item of a paged reader (`read(offset, limit)`), `perSlice` a page, letting requests in between pages. */
export async function pagesInSlices<T>(read: (offset: number, limit: number) => T[], total: number, perSlice = SLICE_ROWS): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < total; offset += perSlice) {
    if (offset > 0) await letRequestsIn();
    for (const item of read(offset, perSlice)) out.push(item);
  }
  return out;
}

/** Where the text after `records` more line ends from `from` starts: a newline outside quotes (RFC 4180 quotes double, so parity holds). */
export function afterRecords(text: string, from: number, records: number): number {
  let quoted = false;
  let seen = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted && ++seen === records) return i + 1;
  }
  return text.length;
}

/** A CSV's text: one string, or pieces (a workspace file's decoded slices) never joined into one. */
export type CsvText = string | Iterable<string> | AsyncIterable<string>;

/**
 * A CSV's text as pieces of whole records, the turn ended between slices of records: how many
 * records it holds (a quote-aware count of line ends, no parsing), and the pieces of its head —
 * the header and at most `headRows` records — so a sample is parsed without the rest.
 */
export async function csvPieces(text: CsvText, headRows = Infinity): Promise<{ rows: number; pieces: string[]; head: string[] }> {
  const pieces: string[] = [];
  const head: string[] = [];
  let rows = 0;
  for await (const part of csvRecordParts(typeof text === 'string' ? [text] : text, SLICE_ROWS)) {
    if (pieces.length === 0) pieces.push(part.header), head.push(part.header);
    else await letRequestsIn();
    pieces.push(part.body);
    if (rows < headRows) head.push(rows + part.records <= headRows ? part.body : part.body.slice(0, afterRecords(part.body, 0, headRows - rows)));
    rows += part.records;
  }
  return { rows, pieces, head };
}

function iteratorOf(text: CsvText): AsyncIterator<string> | Iterator<string> {
  if (typeof text === 'string') return [text][Symbol.iterator]();
  return Symbol.asyncIterator in text ? text[Symbol.asyncIterator]() : text[Symbol.iterator]();
}

type Row = Record<string, string | undefined>;
export type CsvTable = { fields: string[]; data: Row[]; errors: Papa.ParseError[] };
const parse = (text: string) => Papa.parse<Row>(text, { header: true, skipEmptyLines: 'greedy' });

/**
 * `Papa.parse(text, { header: true, skipEmptyLines: 'greedy' })` in slices of whole records: each
 * slice is parsed behind the header line, so fields, duplicate-name handling and row errors are
 * Papa's own (error rows are counted from the first data row, as one parse counts them). Pieces
 * of text are cut into slices as they come, never joined into one string.
 */
export async function parseCsvInSlices(text: CsvText, perSlice = SLICE_ROWS): Promise<CsvTable> {
  const iterator = iteratorOf(text);
  const read: string[] = []; // the pieces so far, for the fallback
  const reading = {
    async *[Symbol.asyncIterator]() {
      // Not a for-of: a fallback below stops the cutting but still reads the rest.
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) read.push(next.value), yield next.value;
    },
  };
  let table: CsvTable | undefined;
  for await (const part of csvRecordParts(reading, perSlice)) {
    if (!table) {
      const first = parse(part.header.endsWith('\n') ? part.header : `${part.header}\n`);
      table = { fields: first.meta.fields ?? [], data: [], errors: [...first.errors] };
    }
    if (part.body === '') continue;
    if (part.firstRow > 0) await letRequestsIn();
    const slice = parse(part.header + part.body);
    // A stray quote can make a cut fall inside a quoted field: then one parse of the whole decides.
    if (slice.errors.some((e) => e.type === 'Quotes')) {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) read.push(next.value);
      const all = parse(read.join(''));
      return { fields: all.meta.fields ?? [], data: all.data, errors: all.errors };
    }
    const offset = table.data.length;
    for (const error of slice.errors) table.errors.push(error.row === undefined ? error : { ...error, row: error.row + offset });
    for (const row of slice.data) table.data.push(row);
  }
  return table!;
}

/** `toCsv` (src/er/csv.ts) in slices. */
export async function toCsvInSlices(columns: readonly string[], rows: readonly (readonly unknown[])[], perSlice = SLICE_ROWS): Promise<string> {
  return [csvLine(columns), ...(await mapInSlices(rows, csvLine, perSlice))].join('\n') + '\n';
}
