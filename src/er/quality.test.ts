import { describe, expect, it } from 'vitest';
import { pairMetrics } from './evaluate';
import { febrlFixture } from './fixtures/febrl';
import { createResolver } from './resolver';

// Quality on the full Febrl sets is the benchmark's job (bench/er.bench.ts); this guards the
// default rules against regressions on a committed 200-row slice of Febrl dataset1.
describe('quality on the Febrl fixture', () => {
  it('reaches F1 ≥ 0.9 with the default rules', () => {
    const { records, truth } = febrlFixture();
    const resolver = createResolver({ mode: 'dedup' });
    resolver.addRecords(records);
    const resolution = resolver.run();
    const m = pairMetrics(resolution.clusterMap.map((row) => ({ entity: row.entity_id, truth: truth.get(row.id)!, source: row.source })), 'dedup');
    expect(m.truePairs).toBe(100);
    expect(m.f1).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(resolution.stats.reductionRatio).toBeGreaterThan(0.9);
  });
});
