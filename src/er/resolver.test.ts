import { describe, expect, it } from 'vitest';
import { febrlFixture } from './fixtures/febrl';
import { createResolver, restoreResolver, ResolverStateError, type Resolver, type ResolverConfig } from './resolver';
import { RuleError } from './rules';
import type { SourceRecord } from './schema';
import { syntheticPeople } from './synthetic';

const febrl = febrlFixture().records;
const synthetic = syntheticPeople({ rows: 600, seed: 11, source: 'syn' });

function oneShot(config: ResolverConfig, records: SourceRecord[]) {
  const resolver = createResolver(config);
  resolver.addRecords(records);
  return resolver.run();
}

/** Tiny budgets and a JSON round trip of the whole state after every single call. */
function chunked(config: ResolverConfig, records: SourceRecord[]) {
  let resolver = createResolver(config);
  const persist = () => (resolver = restoreResolver(JSON.parse(JSON.stringify(resolver.snapshot()))));
  let calls = 0;
  for (let i = 0; i < records.length; i += 37) {
    resolver.addRecords(records.slice(i, i + 37));
    persist();
  }
  const drive = (step: () => { done: boolean }) => {
    for (;;) {
      calls++;
      const done = step().done;
      persist();
      if (done) return;
    }
  };
  drive(() => resolver.stepBlocking(53));
  drive(() => resolver.stepComparisons(97));
  drive(() => resolver.stepFinish(41));
  const r: Resolver = resolver;
  const pages = <T>(read: (offset: number, limit: number) => T[], total: number) => {
    const all: T[] = [];
    for (let offset = 0; offset < total; offset += 13) all.push(...read(offset, 13));
    return all;
  };
  const summary = r.summary();
  const matches = [];
  for (let next: number | null = 0; next !== null; ) {
    const page = r.matchesPage(next, 17);
    matches.push(...page.pairs);
    next = page.next;
  }
  return {
    calls,
    resolution: {
      ...summary,
      clusters: pages((o, l) => r.clustersPage(o, l), summary.stats.clusters),
      clusterMap: pages((o, l) => r.clusterMapPage(o, l), records.length),
      golden: pages((o, l) => r.goldenPage(o, l), summary.stats.clusters),
      matches,
    },
  };
}

describe('chunked resolver', () => {
  it.each([
    ['Febrl fixture, dedup', { mode: 'dedup' } as ResolverConfig, febrl],
    ['synthetic people, dedup', { mode: 'dedup' } as ResolverConfig, synthetic],
    ['Febrl fixture split in two, linkage', { mode: 'link' } as ResolverConfig, febrl.map((r, i) => ({ ...r, source: i % 2 ? 'left' : 'right' }))],
  ])('gives the same result as a one-shot run: %s', (_, config, records) => {
    const expected = oneShot(config, records);
    const { calls, resolution } = chunked(config, records);
    expect(calls).toBeGreaterThan(50);
    expect(resolution).toEqual(expected);
    expect(expected.stats.multiRecordClusters).toBeGreaterThan(10);
  });

  it('spreads the table profile over bounded calls, and a restore in the middle finishes it with the same result', () => {
    const people = syntheticPeople({ rows: 5000, seed: 3, source: 'syn' });
    const straight = oneShot({}, people);
    const resolver = createResolver({});
    resolver.addRecords(people);
    expect(resolver.stepBlocking(10_000).done).toBe(false);
    const midway = JSON.parse(JSON.stringify(resolver.snapshot()));
    expect(midway.phase).toBe('blocking');
    expect(midway.profile).toBeUndefined(); // 2,000 of 5,000 records profiled: not done in one call
    for (const r of [resolver, restoreResolver(midway)]) {
      while (!r.stepBlocking(10_000).done);
      while (!r.stepComparisons().done);
      while (!r.stepFinish().done);
      expect(r.summary()).toEqual({ stats: straight.stats, validation: straight.validation });
      expect(r.clusterMapPage(0, people.length)).toEqual(straight.clusterMap);
    }
  });

  it('continues from a snapshot without records when they are passed back', () => {
    const resolver = createResolver();
    const stored: ReturnType<typeof resolver.records.slice>[] = [];
    for (let i = 0; i < febrl.length; i += 50) {
      const before = resolver.records.length;
      resolver.addRecords(febrl.slice(i, i + 50));
      stored.push(resolver.records.slice(before));
    }
    while (!resolver.stepBlocking().done);
    resolver.stepComparisons(500);
    const state = JSON.parse(JSON.stringify(resolver.snapshot({ records: false })));
    expect(state.records).toEqual([]);
    expect(() => restoreResolver(state)).toThrow(ResolverStateError);
    const again = restoreResolver(state, JSON.parse(JSON.stringify(stored.flat())));
    expect(again.run()).toEqual(oneShot({}, febrl));
  });

  it('numbers entities by their first row and maps every row', () => {
    const resolution = oneShot({}, febrl);
    expect(resolution.clusterMap).toHaveLength(febrl.length);
    expect(resolution.clusterMap[0]!.entity_id).toBe('E000001');
    expect(resolution.clusters.flatMap((c) => c.members)).toHaveLength(febrl.length);
    expect(resolution.golden).toHaveLength(resolution.clusters.length);
    expect(resolution.validation.ok).toBe(true);
    const sizes = resolution.clusters.map((c) => c.members.length);
    expect(Math.max(...sizes)).toBe(resolution.stats.largestCluster);
  });

  it('compares only across sources in a linkage', () => {
    const records = febrl.map((r, i) => ({ ...r, source: i % 2 ? 'left' : 'right' }));
    const resolution = oneShot({ mode: 'link' }, records);
    expect(resolution.matches.length).toBeGreaterThan(0);
    expect(resolution.matches.every((m) => m.left.source !== m.right.source)).toBe(true);
  });

  it('selects a subset of rules without comparing again', () => {
    const resolver = createResolver();
    resolver.addRecords(febrl);
    const all = resolver.run();
    const compared = resolver.progress().comparedPairs;
    resolver.selectRules(['name_dob']);
    while (!resolver.stepFinish().done);
    const subset = resolver.summary();
    expect(resolver.progress().comparedPairs).toBe(compared);
    expect(subset.stats.rules).toEqual(['name_dob']);
    expect(Object.keys(subset.stats.matchesByRule)).toEqual(['name_dob']);
    expect(subset.stats.matchedPairs).toBeLessThan(all.stats.matchedPairs);
    expect(subset.stats.clusters).toBeGreaterThan(all.stats.clusters);
    expect(resolver.matchesPage(0, 1_000_000).pairs.every((p) => p.rules.includes('name_dob'))).toBe(true);
    expect(() => resolver.selectRules(['nope'])).toThrow(RuleError);
  });

  it('refuses calls out of order', () => {
    const resolver = createResolver();
    expect(() => resolver.stepComparisons()).toThrow(ResolverStateError);
    expect(() => resolver.summary()).toThrow(ResolverStateError);
    resolver.addRecords(febrl.slice(0, 10));
    resolver.stepBlocking();
    expect(() => resolver.addRecords(febrl.slice(10, 20))).toThrow(ResolverStateError);
    expect(() => resolver.stepFinish()).toThrow(ResolverStateError);
  });

  it('reports progress', () => {
    const resolver = createResolver();
    resolver.addRecords(febrl);
    expect(resolver.progress()).toMatchObject({ phase: 'adding', records: 200, passesIndexed: 0 });
    while (!resolver.stepBlocking(100).done);
    expect(resolver.progress()).toMatchObject({ phase: 'comparing', passesIndexed: resolver.config.blocking.length });
    resolver.stepComparisons(10);
    expect(resolver.progress().comparedPairs).toBeGreaterThan(0);
    expect(resolver.progress().comparedPairs).toBeLessThanOrEqual(10);
  });

  it('rejects an invalid configuration up front', () => {
    expect(() => createResolver({ rules: [] })).toThrow(RuleError);
    expect(() => createResolver({ rules: [{ id: 'x', label: 'x', when: { field: 'shoe_size' as never, method: 'exact' } }] })).toThrow(/unknown field/);
    expect(() => createResolver({ blocking: [{ id: 's', kind: 'sorted', key: [{ field: 'dob' }], window: 1 }] })).toThrow(/window/);
    expect(() => createResolver({ rules: [{ id: 'x', label: 'x', when: { atLeast: 3, of: [{ field: 'dob', method: 'exact' }] } }] })).toThrow(/impossible/);
  });
});
