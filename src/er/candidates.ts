// Candidate pairs in one call, through the same indexes and cursor the chunked resolver uses:
// for small inputs, for measuring blocking recall, and for filling a pairs table that compiled
// SQL rules can read (sql-compile.ts `pairsTable`).
import { DEFAULT_BLOCKING, keyFunction, validateBlocking, type BlockingPass } from './blocking';
import { emptyIndex, stepIndex, type SkippedBlock } from './blocking-index';
import { startCursor, stepPairs } from './pair-cursor';
import type { PreparedRecord } from './prepare';

export type CandidatePairs = {
  /** Record index pairs, x < y, each once. */
  pairs: [number, number][];
  byPass: Record<string, number>;
  skippedBlocks: SkippedBlock[];
};

export function candidatePairs(records: readonly PreparedRecord[], options: { blocking?: BlockingPass[]; mode?: 'dedup' | 'link' } = {}): CandidatePairs {
  const passes = options.blocking ?? DEFAULT_BLOCKING;
  validateBlocking(passes);
  const link = options.mode === 'link';
  const skipped: SkippedBlock[] = [];
  const spansSources = (members: readonly number[]) => !link || members.some((m) => records[m]!.source !== records[members[0]!]!.source);
  const indexes = passes.map((pass) => {
    const key = keyFunction(pass);
    const keys = records.map(key);
    const index = emptyIndex(pass);
    while (!index.built) stepIndex(pass, index, { keys, spansSources, skipped }, Number.MAX_SAFE_INTEGER);
    return index;
  });
  const pairs: [number, number][] = [];
  const counts = passes.map(() => 0);
  stepPairs(
    startCursor(),
    {
      passes,
      indexes,
      allowed: link ? (x, y) => records[x]!.source !== records[y]!.source : () => true,
      visit: (x, y, pass) => {
        pairs.push([x, y]);
        counts[pass]!++;
      },
    },
    Number.MAX_SAFE_INTEGER,
  );
  return { pairs, byPass: Object.fromEntries(passes.map((p, i) => [p.id, counts[i]!])), skippedBlocks: skipped };
}
