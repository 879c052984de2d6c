import { describe, expect, it } from 'vitest';
import { pairMetrics } from './evaluate';

describe('pair metrics', () => {
  it('counts every pair inside a cluster in deduplication', () => {
    // Truth: {a,b,c} and {d}; prediction: {a,b} and {c,d}.
    const m = pairMetrics(
      [
        { entity: 'P1', truth: 'T1', source: 's' },
        { entity: 'P1', truth: 'T1', source: 's' },
        { entity: 'P2', truth: 'T1', source: 's' },
        { entity: 'P2', truth: 'T2', source: 's' },
      ],
      'dedup',
    );
    expect(m).toMatchObject({ truePairs: 3, predictedPairs: 2, truePositives: 1, precision: 0.5, recall: 1 / 3 });
    expect(m.f1).toBeCloseTo(0.4, 10);
  });

  it('counts only cross-source pairs in a linkage', () => {
    const m = pairMetrics(
      [
        { entity: 'P1', truth: 'T1', source: 'a' },
        { entity: 'P1', truth: 'T1', source: 'b' },
        { entity: 'P1', truth: 'T2', source: 'b' },
        { entity: 'P3', truth: 'T2', source: 'a' },
      ],
      'link',
    );
    expect(m).toMatchObject({ truePairs: 2, predictedPairs: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
  });
});
