// Normalised CSVs (skill schema-normalization: source, row_id and canonical columns) read back as
// the records the ER engine takes. One reading for the in-run resolver (skill entity-resolution)
// and the warehouse pushdown (keboola.workspace.match_pairs): both number the records in this
// order, and the pairs the warehouse returns name records by that number.
import { CANONICAL_FIELDS, prepareRecord, type CanonicalField, type PreparedRecord, type SourceRecord } from '../er';
import { csvRowSlices } from './csv-stream';
import { csvPieces, forEachInSlices, mapInSlices, parseCsvInSlices, type CsvText } from './slices';

const FIELDS = new Set<string>(CANONICAL_FIELDS);

/** A workspace file's text, best as its decoded slices (never joined into one string). */
type Read = (path: string) => Promise<CsvText>;

/** How a step that may read a sample read the sources: null when it read every row. */
export type Sample = { rows: number; rows_per_source: number; of_rows: number; reason: string };

/**
 * The evidence steps (profile, overlap, proposing rules) above the pushdown threshold: at most
 * `maxRows` records (the threshold, so such a step holds no more rows than a run compares
 * itself), the first rows of each source in equal shares. At or below it, every row, as before.
 */
export async function readNormalisedSample(read: Read, paths: readonly string[], maxRows: number): Promise<{ records: SourceRecord[]; sample: Sample | null }> {
  const perSource = Math.max(1, Math.floor(maxRows / paths.length));
  let total = 0;
  const texts = new Map<string, string[]>();
  const heads = new Map<string, string[]>();
  for (const path of paths) {
    const { rows, pieces, head } = await csvPieces(await read(path), perSource);
    total += rows;
    heads.set(path, head);
    // Whole texts are kept only while they may all be read (each file is read once either way).
    if (total <= maxRows) texts.set(path, pieces);
    else texts.clear();
  }
  const chosen = total <= maxRows ? texts : heads;
  const records = await readNormalisedSources(async (path) => chosen.get(path)!, paths, maxRows);
  if (total <= maxRows) return { records, sample: null };
  const reason = `${total.toLocaleString('en')} rows in the sources, more than the pushdown threshold ${maxRows.toLocaleString('en')}: read the first ${perSource.toLocaleString('en')} rows of each source`;
  return { records, sample: { rows: records.length, rows_per_source: perSource, of_rows: total, reason } };
}

/**
 * The files' records in file order; `read` gives a workspace file's text. A step that compares
 * them in the run passes `maxRows`, the pushdown threshold (DEFAULT_PUSHDOWN_ROWS; ≈100k rows per
 * 100 MB isolate, with room to spare): more rows than that are refused, since above it
 * keboola.workspace.match_pairs compares in the warehouse. Steps that only count, upload or
 * cluster the warehouse's pairs read without it, so one threshold decides both.
 */
export async function readNormalisedSources(read: Read, paths: readonly string[], maxRows = Infinity): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const path of paths) {
    const { fields: headers, data: rows } = await parseCsvInSlices(await read(path));
    const toRecord = recordReader(path, headers);
    await forEachInSlices(rows, (row) => records.push(toRecord(row)));
    if (records.length > maxRows) throw new Error(`More than ${maxRows} rows across the sources, the most compared in the run (the pushdown threshold); above it keboola.workspace.match_pairs compares in the warehouse, so pass its pairs`);
  }
  return records;
}

/**
 * The same records streamed, a slice at a time, never holding a file (a step that only counts,
 * clusters the warehouse's pairs or checks a cluster map, at any size); `first` numbers the
 * slice's first record across the files, as readNormalisedSources' order does.
 */
export async function* normalisedSlices(readChunks: (path: string) => Promise<AsyncIterable<Uint8Array>>, paths: readonly string[]): AsyncGenerator<{ records: SourceRecord[]; first: number }> {
  let first = 0;
  for (const path of paths) {
    let toRecord: ((row: Row) => SourceRecord) | undefined;
    for await (const slice of csvRowSlices(await readChunks(path))) {
      toRecord ??= recordReader(path, slice.fields);
      const records = slice.rows.map(toRecord);
      yield { records, first };
      first += records.length;
    }
  }
}

type Row = Record<string, string | undefined>;

/** A normalised file's rows as source records; refuses a file that is not one. */
function recordReader(path: string, headers: readonly string[]): (row: Row) => SourceRecord {
  if (!headers.includes('source') || !headers.includes('row_id')) {
    throw new Error(`"${path}" has no source and row_id columns; normalise it first with skill.schema-normalization.normalise`);
  }
  const fields = headers.filter((h) => FIELDS.has(h)) as CanonicalField[];
  return (row) => ({ source: row.source ?? '', id: row.row_id ?? '', fields: Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])) });
}

/** The values are already normalised (phones in E.164), so no default country is needed here. */
export const prepareAll = (records: readonly SourceRecord[]): Promise<PreparedRecord[]> => mapInSlices(records, (r) => prepareRecord(r), PREPARE_SLICE);
/** Records prepared per slice (tens of µs each). */
const PREPARE_SLICE = 1_000;
