// Long skill scripts run inside the run object, which answers nothing while JavaScript runs
// without awaiting. Their row work is cut into slices with the event loop's turn ended between
// them, so `GET /runs/{id}` and the event stream wait for one slice, never for the script
// (issue 13). Slices are counted in rows, not timed: deployed Workers' clocks stand still
// during compute, so a time budget could never be observed.
import Papa from 'papaparse';
import { csvLine } from '../er/csv';
import { letRequestsIn } from '../turns';

/** Rows per slice for cheap per-row work (parsing, serialising): ~10–40 ms each at 100k-row scale, where garbage collection adds to every slice. */
export const SLICE_ROWS = 2_000;


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

/**
 * The header and at most `rows` records of a CSV text, and how many records the whole text holds
 * (a quote-aware count of line ends, no parsing): a sample is parsed without the rest.
 */
export function csvHead(text: string, rows: number): { text: string; rows: number } {
  const headerEnd = afterRecords(text, 0, 1);
  const end = afterRecords(text, headerEnd, rows);
  let total = 0;
  for (let from = headerEnd; from < text.length; total++) from = afterRecords(text, from, 1);
  return { text: text.slice(0, end), rows: total };
}

type Row = Record<string, string | undefined>;
export type CsvTable = { fields: string[]; data: Row[]; errors: Papa.ParseError[] };
const parse = (text: string) => Papa.parse<Row>(text, { header: true, skipEmptyLines: 'greedy' });

/**
 * `Papa.parse(text, { header: true, skipEmptyLines: 'greedy' })` in slices of whole records: each
 * slice is parsed behind the header line, so fields, duplicate-name handling and row errors are
 * Papa's own (error rows are counted from the first data row, as one parse counts them).
 */
export async function parseCsvInSlices(text: string, perSlice = SLICE_ROWS): Promise<CsvTable> {
  const headerEnd = afterRecords(text, 0, 1);
  const header = text.slice(0, headerEnd);
  const first = parse(header.endsWith('\n') ? header : `${header}\n`);
  const table: CsvTable = { fields: first.meta.fields ?? [], data: [], errors: [...first.errors] };
  for (let from = headerEnd; from < text.length; ) {
    const to = afterRecords(text, from, perSlice);
    const slice = parse(header + text.slice(from, to));
    // A stray quote can make a cut fall inside a quoted field: then one parse of the whole decides.
    if (slice.errors.some((e) => e.type === 'Quotes')) {
      const all = parse(text);
      return { fields: all.meta.fields ?? [], data: all.data, errors: all.errors };
    }
    const offset = table.data.length;
    for (const error of slice.errors) table.errors.push(error.row === undefined ? error : { ...error, row: error.row + offset });
    for (const row of slice.data) table.data.push(row);
    from = to;
    if (from < text.length) await letRequestsIn();
  }
  return table;
}

/** `toCsv` (src/er/csv.ts) in slices. */
export async function toCsvInSlices(columns: readonly string[], rows: readonly (readonly unknown[])[], perSlice = SLICE_ROWS): Promise<string> {
  return [csvLine(columns), ...(await mapInSlices(rows, csvLine, perSlice))].join('\n') + '\n';
}
