// Validation of a resolution (issue 6, "validate"): row accounting — every source row in
// exactly one cluster — plus oversized clusters and conflicting hard keys, the two signs that
// rules chained different people together.
import { MATCH_INDEX, type MatchField, type PreparedRecord } from './prepare';
import type { RowRef } from './survivorship';

export type ClusterMapRow = RowRef & { entity_id: string };

export type HardKeyConflict = { entity_id: string; field: MatchField; values: string[]; rows: RowRef[] };

export type ValidationReport = {
  /** Row accounting holds: no source row missing, duplicated or unknown. */
  ok: boolean;
  rows: number;
  clusters: number;
  /** Source rows absent from the cluster map. */
  missing: RowRef[];
  /** Source rows that appear more than once in the cluster map (or twice in the input). */
  duplicated: RowRef[];
  /** Cluster map rows that are no source row. */
  unknown: RowRef[];
  oversized: { entity_id: string; size: number }[];
  conflicts: HardKeyConflict[];
};

export type ValidationOptions = {
  /** Clusters larger than this are flagged. Default 10. */
  maxClusterSize?: number;
  /** Fields one entity cannot have two values of. Default dob and national_id. */
  hardKeys?: MatchField[];
};

export const DEFAULT_HARD_KEYS: MatchField[] = ['dob', 'national_id'];

const rowKey = (r: RowRef) => `${r.source}\u0001${r.id}`;

/** What validation reads of a record: its identity and its hard keys' comparison values (`match` by MATCH_INDEX). */
export type ValidationRecord = RowRef & { readonly match: readonly string[] };

/**
 * A record cut down to what validation reads, so a checker streaming a large table holds keys, not
 * records (a prepared record is ~1.3 KB, mostly values and comparison forms). The other match
 * positions are holes.
 */
export function validationRecord(r: PreparedRecord, hardKeys: readonly MatchField[] = DEFAULT_HARD_KEYS): ValidationRecord {
  const match: string[] = [];
  for (const field of hardKeys) match[MATCH_INDEX[field]] = r.match[MATCH_INDEX[field]]!;
  return { source: r.source, id: r.id, match };
}

export function validateResolution(records: readonly ValidationRecord[], clusterMap: readonly ClusterMapRow[], options: ValidationOptions = {}): ValidationReport {
  const steps = validationSteps(records, clusterMap, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Rows per step of validationSteps: a few ms of work. */
const VALIDATION_SLICE = 5_000;

/** validateResolution, pausing every VALIDATION_SLICE rows so a caller can let other work in between (src/skills/slices.ts stepsInSlices). */
export function* validationSteps(records: readonly ValidationRecord[], clusterMap: readonly ClusterMapRow[], options: ValidationOptions = {}): Generator<void, ValidationReport> {
  const maxSize = options.maxClusterSize ?? 10;
  const hardKeys = options.hardKeys ?? DEFAULT_HARD_KEYS;

  const sourceRows = new Map<string, ValidationRecord>();
  const duplicated: RowRef[] = [];
  for (const [i, r] of records.entries()) {
    if (i % VALIDATION_SLICE === VALIDATION_SLICE - 1) yield;
    const key = rowKey(r);
    if (sourceRows.has(key)) duplicated.push({ source: r.source, id: r.id });
    else sourceRows.set(key, r);
  }

  const seen = new Set<string>();
  const unknown: RowRef[] = [];
  const members = new Map<string, ValidationRecord[]>();
  for (const [i, row] of clusterMap.entries()) {
    if (i % VALIDATION_SLICE === VALIDATION_SLICE - 1) yield;
    const key = rowKey(row);
    const record = sourceRows.get(key);
    if (!record) {
      unknown.push({ source: row.source, id: row.id });
      continue;
    }
    if (seen.has(key)) {
      duplicated.push({ source: row.source, id: row.id });
      continue;
    }
    seen.add(key);
    const list = members.get(row.entity_id);
    if (list) list.push(record);
    else members.set(row.entity_id, [record]);
  }
  const missing: RowRef[] = [];
  let visited = 0;
  for (const [key, r] of sourceRows) {
    if (++visited % VALIDATION_SLICE === 0) yield;
    if (!seen.has(key)) missing.push({ source: r.source, id: r.id });
  }

  const oversized: ValidationReport['oversized'] = [];
  const conflicts: HardKeyConflict[] = [];
  visited = 0;
  for (const [entity_id, list] of members) {
    if (++visited % VALIDATION_SLICE === 0) yield;
    if (list.length > maxSize) oversized.push({ entity_id, size: list.length });
    if (list.length < 2) continue;
    for (const field of hardKeys) {
      const index = MATCH_INDEX[field];
      const values = new Set(list.map((r) => r.match[index]!).filter((v) => v !== ''));
      if (values.size > 1) {
        conflicts.push({ entity_id, field, values: [...values].sort(), rows: list.filter((r) => r.match[index] !== '').map((r) => ({ source: r.source, id: r.id })) });
      }
    }
  }
  return {
    ok: missing.length === 0 && duplicated.length === 0 && unknown.length === 0,
    rows: records.length,
    clusters: members.size,
    missing,
    duplicated,
    unknown,
    oversized,
    conflicts,
  };
}
