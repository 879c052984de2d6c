// Normalised CSVs (skill schema-normalization: source, row_id and canonical columns) read back as
// the records the ER engine takes. One reading for the in-run resolver (skill entity-resolution)
// and the warehouse pushdown (keboola.workspace.match_pairs): both number the records in this
// order, and the pairs the warehouse returns name records by that number.
import { CANONICAL_FIELDS, prepareRecord, type CanonicalField, type PreparedRecord, type SourceRecord } from '../er';
import { forEachInSlices, mapInSlices, parseCsvInSlices } from './slices';

/** Every source is held in the run object's memory while resolving (≈100k rows per 100 MB isolate, with room to spare at this cap). */
export const MAX_ROWS = 200_000;

const FIELDS = new Set<string>(CANONICAL_FIELDS);

/** The files' records in file order; `read` gives a workspace file's text. */
export async function readNormalisedSources(read: (path: string) => Promise<string>, paths: readonly string[]): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const path of paths) {
    const { fields: headers, data: rows } = await parseCsvInSlices(await read(path));
    if (!headers.includes('source') || !headers.includes('row_id')) {
      throw new Error(`"${path}" has no source and row_id columns; normalise it first with skill.schema-normalization.normalise`);
    }
    const fields = headers.filter((h) => FIELDS.has(h)) as CanonicalField[];
    await forEachInSlices(rows, (row) => records.push({ source: row.source ?? '', id: row.row_id ?? '', fields: Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])) }));
    if (records.length > MAX_ROWS) throw new Error(`More than ${MAX_ROWS} rows across the sources; split the input (e.g. by country) and resolve each part`);
  }
  return records;
}

/** The values are already normalised (phones in E.164), so no default country is needed here. */
export const prepareAll = (records: readonly SourceRecord[]): Promise<PreparedRecord[]> => mapInSlices(records, (r) => prepareRecord(r), PREPARE_SLICE);
/** Records prepared per slice (tens of µs each). */
const PREPARE_SLICE = 1_000;
