// Pairwise precision / recall / F1 of a clustering against ground truth, the measure the
// Febrl benchmarks report. Counted from the contingency table of (predicted, true) clusters,
// so it costs O(n) instead of enumerating pairs.

export type Assignment = { entity: string; truth: string; source: string };

export type PairMetrics = {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
};

/**
 * `link`: only pairs across different sources count (4a ↔ 4b); `dedup`: every pair inside a
 * cluster counts (all duplicates of one original are pairwise matches, as in the Febrl README).
 */
export function pairMetrics(assignments: readonly Assignment[], mode: 'dedup' | 'link'): PairMetrics {
  const count = (groups: Map<string, Map<string, number>>): number => {
    let total = 0;
    for (const bySource of groups.values()) total += pairsIn(bySource, mode);
    return total;
  };
  const add = (groups: Map<string, Map<string, number>>, key: string, source: string) => {
    let bySource = groups.get(key);
    if (!bySource) groups.set(key, (bySource = new Map()));
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
  };
  const predicted = new Map<string, Map<string, number>>();
  const truth = new Map<string, Map<string, number>>();
  const both = new Map<string, Map<string, number>>();
  for (const a of assignments) {
    add(predicted, a.entity, a.source);
    add(truth, a.truth, a.source);
    add(both, `${a.entity}\u0001${a.truth}`, a.source);
  }
  const truePairs = count(truth);
  const predictedPairs = count(predicted);
  const truePositives = count(both);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}

function pairsIn(bySource: Map<string, number>, mode: 'dedup' | 'link'): number {
  let n = 0;
  let sameSource = 0;
  for (const c of bySource.values()) {
    n += c;
    sameSource += (c * (c - 1)) / 2;
  }
  const all = (n * (n - 1)) / 2;
  return mode === 'dedup' ? all : all - sameSource;
}
