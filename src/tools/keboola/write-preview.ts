import Papa from 'papaparse';
import { mask, piiColumns, type PiiColumn } from '../../pii/columns';

/** Rows read to classify the columns: enough for the value shares, cheap on a large load. */
const CLASSIFY_ROWS = 200;
const SAMPLE_ROWS = 3;

export type WritePreview = {
  /** Columns holding personal data, by what their values look like or by their names. */
  pii_columns: PiiColumn[];
  /** The first rows as they will land, personal data masked: what an approver sees of the content. */
  sample: Record<string, string>[];
};

/** What a person approving a table write sees of its content (issue 16): flagged columns and a masked sample. */
export function writePreview(csv: string): WritePreview {
  const [header = [], ...rows] = Papa.parse<string[]>(csv, { skipEmptyLines: true, preview: CLASSIFY_ROWS + 1 }).data;
  const pii = piiColumns(header, rows);
  const masked = new Set(pii.map((p) => p.column));
  const sample = rows.slice(0, SAMPLE_ROWS).map((row) => Object.fromEntries(header.map((column, i) => [column, masked.has(column) ? mask(row[i] ?? '') : (row[i] ?? '')])));
  return { pii_columns: pii, sample };
}
