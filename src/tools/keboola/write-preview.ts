import Papa from 'papaparse';
import { mask, piiColumns, type PiiColumn } from '../../pii/columns';

/** Rows read to classify the columns: enough for the value shares, cheap on a large load. */
const CLASSIFY_ROWS = 200;
const SAMPLE_ROWS = 3;
/** Above this many rows on either side the load is not compared row by row (a dry run stays quick). */
export const DIFF_MAX_ROWS = 50_000;

/** The load against the table as it is, row by row by primary key: what a person approving it changes. */
export type TableDiff =
  | { compared_by: string[]; added: number; changed: number; unchanged: number; removed: number; changed_columns: Record<string, number> }
  | { compared_by: string[]; skipped: string };

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

/**
 * Rows the load adds, changes or leaves as they are, by primary key; `removed`: rows a full load
 * drops (an incremental load keeps them). Values compare as text, as Storage holds them.
 */
export function tableDiff(current: string, incoming: string, primaryKey: readonly string[], incremental: boolean): TableDiff {
  const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const before = parse(current);
  const after = parse(incoming);
  const key = (row: Record<string, string>) => JSON.stringify(primaryKey.map((k) => row[k] ?? ''));
  const existing = new Map(before.data.map((row) => [key(row), row]));
  const columns = (after.meta.fields ?? []).filter((c) => (before.meta.fields ?? []).includes(c));
  let added = 0;
  let changed = 0;
  const changedColumns: Record<string, number> = {};
  const seen = new Set<string>();
  for (const row of after.data) {
    const k = key(row);
    seen.add(k);
    const old = existing.get(k);
    if (!old) { added++; continue; }
    const differing = columns.filter((c) => (old[c] ?? '') !== (row[c] ?? ''));
    if (differing.length > 0) changed++;
    for (const c of differing) changedColumns[c] = (changedColumns[c] ?? 0) + 1;
  }
  const matched = [...seen].filter((k) => existing.has(k)).length;
  return {
    compared_by: [...primaryKey], added, changed, unchanged: matched - changed,
    removed: incremental ? 0 : before.data.length - matched,
    changed_columns: changedColumns,
  };
}
