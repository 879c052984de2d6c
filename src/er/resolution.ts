// Reading a finished resolution: summary (statistics and validation) and the row-level
// outputs — cluster map, clusters, golden records, matched pairs — page by page, so a caller
// can write a 100,000-row cluster map to its workspace across several units.
import type { SkippedBlock } from './blocking-index';
import type { FinishState } from './finishing';
import type { PreparedRecord } from './prepare';
import type { ResolvedConfig } from './resolver';
import { survivor, type GoldenRecord, type RowRef } from './survivorship';
import type { ClusterMapRow, ValidationReport } from './validate';

export type Cluster = { entity_id: string; members: RowRef[]; rules: string[] };
export type MatchedPair = { left: RowRef; right: RowRef; rules: string[] };

export type ResolutionStats = {
  records: number;
  recordsBySource: Record<string, number>;
  /** Distinct candidate pairs compared (each pair once, however many passes generate it). */
  comparedPairs: number;
  comparedByPass: Record<string, number>;
  /** Share of all possible pairs that blocking avoided comparing. */
  reductionRatio: number;
  matchedPairs: number;
  matchesByRule: Record<string, number>;
  /** The rules whose matches formed the clusters. */
  rules: string[];
  clusters: number;
  multiRecordClusters: number;
  largestCluster: number;
  skippedBlocks: SkippedBlock[];
};

export type ResolutionSummary = { stats: ResolutionStats; validation: ValidationReport };

export type Resolution = ResolutionSummary & {
  clusters: Cluster[];
  clusterMap: ClusterMapRow[];
  golden: GoldenRecord[];
  matches: MatchedPair[];
};

/** The data a finished resolver hands to the readers below. */
export type Finished = {
  config: ResolvedConfig;
  records: readonly PreparedRecord[];
  /** Given when `records` holds only some records (pairs-resolution.ts): the rows per source. */
  recordsBySource?: Record<string, number>;
  matches: readonly number[];
  comparedByPass: readonly number[];
  skippedBlocks: readonly SkippedBlock[];
  duplicates: readonly RowRef[];
  finish: FinishState;
};

export function entityId(entity: number): string {
  return `E${String(entity + 1).padStart(6, '0')}`;
}

const ref = (record: PreparedRecord): RowRef => ({ source: record.source, id: record.id });

function ruleIds(config: ResolvedConfig, mask: number): string[] {
  return config.rules.filter((_, r) => mask & (1 << r)).map((rule) => rule.id);
}

function membersOf(done: Finished, entity: number): number[] {
  const { memberStart, entitySize, members } = done.finish;
  return members.slice(memberStart[entity], memberStart[entity]! + entitySize[entity]!);
}

export function summarise(done: Finished): ResolutionSummary {
  const { config, records, finish } = done;
  const recordsBySource = done.recordsBySource ?? countBySource(records);
  const comparedPairs = done.comparedByPass.reduce((a, b) => a + b, 0);
  let largest = 0;
  let multi = 0;
  for (const size of finish.entitySize) {
    largest = Math.max(largest, size);
    if (size > 1) multi++;
  }
  // Row accounting: grouping placed every record exactly once (no slot left empty or reused).
  const accountingOk = finish.placed === records.length && finish.entitySize.reduce((a, b) => a + b, 0) === records.length;
  return {
    stats: {
      records: records.length,
      recordsBySource,
      comparedPairs,
      comparedByPass: Object.fromEntries(config.blocking.map((p, i) => [p.id, done.comparedByPass[i] ?? 0])),
      reductionRatio: 1 - comparedPairs / Math.max(1, possiblePairs(recordsBySource, config.mode)),
      matchedPairs: finish.matchedPairs,
      matchesByRule: Object.fromEntries(config.rules.filter((_, r) => finish.selected & (1 << r)).map((rule) => [rule.id, finish.matchesByRule[config.rules.indexOf(rule)] ?? 0])),
      rules: ruleIds(config, finish.selected),
      clusters: finish.entitySize.length,
      multiRecordClusters: multi,
      largestCluster: largest,
      skippedBlocks: [...done.skippedBlocks],
    },
    validation: {
      ok: accountingOk && done.duplicates.length === 0,
      rows: records.length,
      clusters: finish.entitySize.length,
      missing: accountingOk ? [] : records.filter((_, i) => !(finish.entityOf[i]! >= 0)).map(ref),
      duplicated: [...done.duplicates],
      unknown: [],
      oversized: finish.oversized.map((o) => ({ entity_id: entityId(o.entity), size: o.size })),
      conflicts: finish.conflicts.map((c) => ({ entity_id: entityId(c.entity), field: c.field, values: c.values, rows: c.rows })),
    },
  };
}

function countBySource(records: readonly PreparedRecord[]): Record<string, number> {
  const bySource: Record<string, number> = {};
  for (const r of records) bySource[r.source] = (bySource[r.source] ?? 0) + 1;
  return bySource;
}

/** Cluster map rows for source rows [offset, offset + limit), in input order. */
export function clusterMapPage(done: Finished, offset: number, limit: number): ClusterMapRow[] {
  const rows: ClusterMapRow[] = [];
  const end = Math.min(done.records.length, offset + limit);
  for (let i = offset; i < end; i++) rows.push({ ...ref(done.records[i]!), entity_id: entityId(done.finish.entityOf[i]!) });
  return rows;
}

/** Entities [offset, offset + limit), numbered in order of their first row. */
export function clustersPage(done: Finished, offset: number, limit: number): Cluster[] {
  const clusters: Cluster[] = [];
  const end = Math.min(done.finish.entitySize.length, offset + limit);
  for (let e = offset; e < end; e++) {
    const members = membersOf(done, e);
    const mask = members.reduce((m, i) => m | done.finish.ruleMask[i]!, 0);
    clusters.push({ entity_id: entityId(e), members: members.map((i) => ref(done.records[i]!)), rules: ruleIds(done.config, mask) });
  }
  return clusters;
}

export function goldenPage(done: Finished, offset: number, limit: number): GoldenRecord[] {
  const golden: GoldenRecord[] = [];
  const end = Math.min(done.finish.entitySize.length, offset + limit);
  const survive = survivor(done.config.survivorship);
  const { memberStart, entitySize, members } = done.finish;
  for (let e = offset; e < end; e++) {
    // One array of records per cluster, filled in place (no index list to map over first).
    const cluster: PreparedRecord[] = [];
    for (let m = memberStart[e]!, stop = m + entitySize[e]!; m < stop; m++) cluster.push(done.records[members[m]!]!);
    golden.push(survive(entityId(e), cluster));
  }
  return golden;
}

/** Matched pairs of the selected rules among stored matches [offset, offset + limit). */
export function matchesPage(done: Finished, offset: number, limit: number): { pairs: MatchedPair[]; next: number | null } {
  const pairs: MatchedPair[] = [];
  const total = done.matches.length / 3;
  const end = Math.min(total, offset + limit);
  for (let k = offset; k < end; k++) {
    const mask = done.matches[3 * k + 2]! & done.finish.selected;
    if (mask === 0) continue;
    pairs.push({ left: ref(done.records[done.matches[3 * k]!]!), right: ref(done.records[done.matches[3 * k + 1]!]!), rules: ruleIds(done.config, mask) });
  }
  return { pairs, next: end < total ? end : null };
}

function possiblePairs(bySource: Record<string, number>, mode: 'dedup' | 'link'): number {
  const counts = Object.values(bySource);
  const n = counts.reduce((a, b) => a + b, 0);
  const all = (n * (n - 1)) / 2;
  return mode === 'dedup' ? all : all - counts.reduce((a, c) => a + (c * (c - 1)) / 2, 0);
}
