// Per-pass blocking indexes, built in bounded steps: exact passes group records by key,
// sorted passes order them by key (resumable-sort.ts). Each built index also answers "would
// this pass generate the pair (x, y)?" in O(1), which lets later passes skip pairs an earlier
// pass already produced without keeping a set of every pair seen (pair-cursor.ts).
import type { BlockingPass } from './blocking';
import { DEFAULT_MAX_BLOCK_SIZE } from './blocking';
import { startSort, stepSort, type SortState } from './resumable-sort';

export type SkippedBlock = { pass: string; key: string; size: number };

export type ExactIndex = {
  kind: 'exact';
  /** Next record to file while building. */
  next: number;
  /** Key → members while building (serialised as entries); emptied once built. */
  members: Map<string, number[]>;
  /** Blocks to compare once built, in order of first appearance. */
  blocks: number[][];
  /** Per record: the number of its compared block, −1 when it is in none. */
  blockOf: number[];
  built: boolean;
};

export type SortedIndex = {
  kind: 'sorted';
  sort?: SortState;
  /** Records with a key, in key order, once built. */
  order: number[];
  /** Per record: its position in `order`, −1 without a key. */
  rank: number[];
  built: boolean;
};

export type PassIndex = ExactIndex | SortedIndex;

export function emptyIndex(pass: BlockingPass): PassIndex {
  return pass.kind === 'exact'
    ? { kind: 'exact', next: 0, members: new Map(), blocks: [], blockOf: [], built: false }
    : { kind: 'sorted', order: [], rank: [], built: false };
}

export type IndexContext = {
  keys: readonly string[];
  /** In linkage mode a block needs records from two sources to yield any pair. */
  spansSources: (members: readonly number[]) => boolean;
  skipped: SkippedBlock[];
};

/** Advances one pass's index by at most about `budget` units of work; returns the units used. */
export function stepIndex(pass: BlockingPass, index: PassIndex, context: IndexContext, budget: number): number {
  return index.kind === 'exact' ? stepExact(pass, index, context, budget) : stepSorted(index, context, budget);
}

function stepExact(pass: BlockingPass, index: ExactIndex, { keys, spansSources, skipped }: IndexContext, budget: number): number {
  const n = keys.length;
  const stop = Math.min(n, index.next + budget);
  for (let r = index.next; r < stop; r++) {
    const key = keys[r]!;
    if (key === '') continue;
    const members = index.members.get(key);
    if (members) members.push(r);
    else index.members.set(key, [r]);
  }
  const used = stop - index.next;
  index.next = stop;
  if (stop < n || used >= budget) return used;

  // All records filed. Blocks above the size limit (a placeholder value shared by thousands)
  // would cost O(size²) comparisons and are reported instead of compared.
  const max = (pass.kind === 'exact' ? pass.maxBlockSize : undefined) ?? DEFAULT_MAX_BLOCK_SIZE;
  index.blockOf = new Array<number>(n).fill(-1);
  for (const [key, members] of index.members) {
    if (members.length < 2) continue;
    if (members.length > max) skipped.push({ pass: pass.id, key: key.replace(/\u0001/g, '|'), size: members.length });
    else if (spansSources(members)) {
      for (const r of members) index.blockOf[r] = index.blocks.length;
      index.blocks.push(members);
    }
  }
  const finalised = index.members.size;
  index.members = new Map();
  index.built = true;
  return used + finalised;
}

function stepSorted(index: SortedIndex, { keys }: IndexContext, budget: number): number {
  let used = 0;
  if (!index.sort) {
    const withKey: number[] = [];
    for (let r = 0; r < keys.length; r++) if (keys[r] !== '') withKey.push(r);
    index.sort = startSort(withKey);
    used += keys.length;
  }
  used += stepSort(index.sort, keys, Math.max(1, budget - used));
  if (!index.sort.done) return used;
  index.order = index.sort.items;
  index.rank = new Array<number>(keys.length).fill(-1);
  index.order.forEach((r, position) => (index.rank[r] = position));
  delete index.sort;
  index.built = true;
  return used + keys.length;
}

/** Whether the built index of `pass` generates the pair (x, y). */
export function generates(pass: BlockingPass, index: PassIndex, x: number, y: number): boolean {
  if (index.kind === 'exact') {
    const block = index.blockOf[x]!;
    return block >= 0 && block === index.blockOf[y];
  }
  const rx = index.rank[x]!;
  const ry = index.rank[y]!;
  return rx >= 0 && ry >= 0 && Math.abs(rx - ry) < (pass.kind === 'sorted' ? pass.window : 0);
}

/**
 * An index as stored between calls: the per-record lookups (`blockOf`, `rank`) are left out,
 * being most of a built index's size and quick to derive again from its blocks or order.
 */
export type SerialisedIndex = (Omit<ExactIndex, 'members' | 'blockOf'> & { members: [string, number[]][] }) | Omit<SortedIndex, 'rank'>;

export function serialiseIndex(index: PassIndex): SerialisedIndex {
  if (index.kind === 'exact') {
    const { blockOf: _blockOf, ...rest } = index;
    return { ...rest, members: [...index.members] };
  }
  const { rank: _rank, ...rest } = index;
  return rest;
}

/** The index a serialised one stands for, over `records` records. */
export function restoreIndex(saved: SerialisedIndex, records: number): PassIndex {
  if (saved.kind === 'exact') {
    const blockOf = saved.built ? new Array<number>(records).fill(-1) : [];
    if (saved.built) saved.blocks.forEach((block, b) => block.forEach((r) => (blockOf[r] = b)));
    return { ...saved, members: new Map(saved.members), blockOf };
  }
  const rank = saved.built ? new Array<number>(records).fill(-1) : [];
  if (saved.built) saved.order.forEach((r, position) => (rank[r] = position));
  return { ...saved, rank };
}
