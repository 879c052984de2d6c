// Walks the candidate pairs of all blocking passes in a fixed order, resumably. A pair is
// visited by the first pass that generates it only: later passes ask the earlier indexes
// (blocking-index.ts `generates`) instead of remembering every pair, so the state stays O(n).
import type { BlockingPass } from './blocking';
import { generates, type PassIndex } from './blocking-index';

export type PairCursor = {
  pass: number;
  /** Exact passes: block number. */
  block: number;
  /** Exact passes: positions inside the block. Sorted passes: i = position, j = offset. */
  i: number;
  j: number;
};

export type PairWalk = {
  passes: readonly BlockingPass[];
  indexes: readonly PassIndex[];
  /** False for pairs that must never be compared (same source in a linkage). */
  allowed: (x: number, y: number) => boolean;
  /** Called once per new candidate pair, x < y. */
  visit: (x: number, y: number, pass: number) => void;
};

export function startCursor(): PairCursor {
  return { pass: 0, block: 0, i: 0, j: 1 };
}

export function cursorDone(cursor: PairCursor, passes: readonly BlockingPass[]): boolean {
  return cursor.pass >= passes.length;
}

/** Steps through at most `budget` generated pairs (new or not); returns the number stepped. */
export function stepPairs(cursor: PairCursor, walk: PairWalk, budget: number): number {
  let steps = 0;
  const { passes, indexes } = walk;
  const fresh = (x: number, y: number, p: number): boolean => {
    if (!walk.allowed(x, y)) return false;
    for (let q = 0; q < p; q++) if (generates(passes[q]!, indexes[q]!, x, y)) return false;
    return true;
  };

  while (cursor.pass < passes.length && steps < budget) {
    const p = cursor.pass;
    const pass = passes[p]!;
    const index = indexes[p]!;
    if (index.kind === 'exact') {
      const block = index.blocks[cursor.block];
      if (!block) {
        nextPass(cursor);
        continue;
      }
      while (cursor.i < block.length - 1 && steps < budget) {
        const x = block[cursor.i]!;
        for (; cursor.j < block.length && steps < budget; cursor.j++, steps++) {
          const y = block[cursor.j]!;
          if (fresh(x, y, p)) walk.visit(x, y, p);
        }
        if (cursor.j >= block.length) {
          cursor.i++;
          cursor.j = cursor.i + 1;
        }
      }
      if (cursor.i >= block.length - 1) {
        cursor.block++;
        cursor.i = 0;
        cursor.j = 1;
      }
    } else {
      const window = pass.kind === 'sorted' ? pass.window : 2;
      const order = index.order;
      while (cursor.i < order.length - 1 && steps < budget) {
        const a = order[cursor.i]!;
        for (; cursor.j < window && cursor.i + cursor.j < order.length && steps < budget; cursor.j++, steps++) {
          const b = order[cursor.i + cursor.j]!;
          const x = Math.min(a, b);
          const y = Math.max(a, b);
          if (fresh(x, y, p)) walk.visit(x, y, p);
        }
        if (cursor.j >= window || cursor.i + cursor.j >= order.length) {
          cursor.i++;
          cursor.j = 1;
        }
      }
      if (cursor.i >= order.length - 1) nextPass(cursor);
    }
  }
  return steps;
}

function nextPass(cursor: PairCursor): void {
  cursor.pass++;
  cursor.block = 0;
  cursor.i = 0;
  cursor.j = 1;
}
