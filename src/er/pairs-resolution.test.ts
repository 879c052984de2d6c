import { describe, expect, it } from 'vitest';
import { PairsResolution } from './pairs-resolution';
import { prepareRecord } from './prepare';
import { createResolver } from './resolver';
import { resolverFromPairs } from './sql-pushdown';
import { syntheticPeople } from './synthetic';

/** Synthetic people (duplicates with corruptions) and the matched pairs the in-run resolver finds in them. */
function matched(rows: number) {
  const records = syntheticPeople({ rows, seed: 21 });
  const resolver = createResolver({ mode: 'dedup' });
  resolver.addRecords(records);
  resolver.run();
  return { records, matches: [...resolver.matchTriples()] };
}

/** Both passes over the records, as the resolve script streams them. */
function streamed(records: ReturnType<typeof matched>['records'], matches: number[]) {
  const bySource: Record<string, number> = {};
  for (const r of records) bySource[r.source] = (bySource[r.source] ?? 0) + 1;
  const resolution = new PairsResolution({ mode: 'dedup' }, records.length, matches, bySource);
  while (!resolution.stepCluster(100));
  let prepared = 0;
  const prepare = (i: number) => () => (prepared++, prepareRecord(records[i]!));
  const clusterMap = records.map((r, i) => resolution.clusterMapRow(i, r, prepare(i)));
  while (!resolution.stepCheck(100));
  const golden = records.flatMap((_, i) => resolution.goldenAt(i, prepare(i)) ?? []);
  return { resolution, clusterMap, golden, prepared };
}

describe('resolving from pairs in two passes over the records', () => {
  it('gives what resolverFromPairs gives, holding only the members of multi-record clusters', () => {
    const { records, matches } = matched(3_000);
    const expected = resolverFromPairs(records.map((r) => prepareRecord(r)), { mode: 'dedup' }, matches).finish();
    const { resolution, clusterMap, golden, prepared } = streamed(records, matches);
    expect(clusterMap).toEqual(expected.clusterMap);
    expect(golden).toEqual(expected.golden);
    expect(resolution.summary()).toEqual({ stats: expected.stats, validation: expected.validation });
    // Held: exactly the members of clusters of two or more (this data is duplicate-heavy), each record prepared once.
    const members = expected.golden.filter((g) => g.member_count > 1).reduce((n, g) => n + g.member_count, 0);
    expect(expected.stats.multiRecordClusters).toBeGreaterThan(100);
    expect(resolution.held).toBe(members);
    expect(resolution.held).toBeLessThan(records.length);
    expect(prepared).toBe(records.length);
  });

  it('flags hard-key conflicts and oversized clusters from the kept members alone', () => {
    const records = [0, 1, 2, 3].map((i) => ({ source: 's', id: String(i), fields: { first_name: 'Ann', last_name: 'Lee', dob: i === 1 ? '1990-02-03' : '1990-01-01' } }));
    const matches = [0, 1, 1, 1, 2, 1, 0, 2, 1];
    const expected = resolverFromPairs(records.map((r) => prepareRecord(r)), { mode: 'dedup', validation: { maxClusterSize: 2 } }, matches).finish();
    const bySource = { s: 4 };
    const resolution = new PairsResolution({ mode: 'dedup', validation: { maxClusterSize: 2 } }, 4, matches, bySource);
    while (!resolution.stepCluster(1));
    records.forEach((r, i) => resolution.clusterMapRow(i, r, () => prepareRecord(r)));
    while (!resolution.stepCheck(1));
    expect(resolution.summary().validation).toEqual(expected.validation);
    expect(expected.validation.conflicts).toHaveLength(1);
    expect(expected.validation.oversized).toEqual([{ entity_id: 'E000001', size: 3 }]);
    expect(resolution.held).toBe(3);
  });
});
