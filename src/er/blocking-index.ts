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
  /**
   * While building (serialised as key → members entries; emptied once built): key → group, in
   * order of first appearance, each group a chain of records through `link`. Most keys are held
   * by one record, and a chain gives them no array of their own (Febrl 4: 10,000 keys per pass).
   */
  groups: Map<string, number>;
  /** Per group: its first and last record and its size. */
  head: number[];
  tail: number[];
  size: number[];
  /** Per filed record: the next record of its group, −1 for none. */
  link: number[];
  /** Blocks to compare once built, in order of first appearance. */
  blocks: number[][];
  /** Per record: the number of its compared block, −1 when it is in none. */
  blockOf: number[];
  built: boolean;
};

export type SortedIndex = {
  kind: 'sorted';
  sort: SortState | undefined;
  /** Records with a key, in key order, once built. */
  order: number[];
  /** Per record: its position in `order`, −1 without a key. */
  rank: number[];
  built: boolean;
};

export type PassIndex = ExactIndex | SortedIndex;

export function emptyIndex(pass: BlockingPass): PassIndex {
  return pass.kind === 'exact'
    ? { kind: 'exact', next: 0, groups: new Map(), head: [], tail: [], size: [], link: [], blocks: [], blockOf: [], built: false }
    : { kind: 'sorted', sort: undefined, order: [], rank: [], built: false };
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
  const { groups, head, tail, size, link } = index;
  for (let r = index.next; r < stop; r++) {
    link.push(-1);
    const key = keys[r]!;
    if (key === '') continue;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, head.length);
      head.push(r);
      tail.push(r);
      size.push(1);
    } else {
      link[tail[g]!] = r;
      tail[g] = r;
      size[g]!++;
    }
  }
  const used = stop - index.next;
  index.next = stop;
  if (stop < n || used >= budget) return used;

  // All records filed. Blocks above the size limit (a placeholder value shared by thousands)
  // would cost O(size²) comparisons and are reported instead of compared.
  const max = (pass.kind === 'exact' ? pass.maxBlockSize : undefined) ?? DEFAULT_MAX_BLOCK_SIZE;
  index.blockOf = new Array<number>(n).fill(-1);
  for (const [key, g] of groups) {
    if (size[g]! < 2) continue;
    if (size[g]! > max) skipped.push({ pass: pass.id, key: key.replace(/\u0001/g, '|'), size: size[g]! });
    else {
      const members = chain(index, g);
      if (spansSources(members)) {
        for (const r of members) index.blockOf[r] = index.blocks.length;
        index.blocks.push(members);
      }
    }
  }
  const finalised = groups.size;
  Object.assign(index, { groups: new Map(), head: [], tail: [], size: [], link: [] });
  index.built = true;
  return used + finalised;
}

/** The records of group g, in input order. */
function chain(index: ExactIndex, g: number): number[] {
  const members: number[] = [];
  for (let r = index.head[g]!; r >= 0; r = index.link[r]!) members.push(r);
  return members;
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
  // Cleared rather than deleted: a deleted property would leave the index a slow dictionary object.
  index.sort = undefined;
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
export type SerialisedIndex = (Pick<ExactIndex, 'kind' | 'next' | 'blocks' | 'built'> & { members: [string, number[]][] }) | (Pick<SortedIndex, 'kind' | 'order' | 'built'> & { sort?: SortState });

export function serialiseIndex(index: PassIndex): SerialisedIndex {
  if (index.kind === 'exact') {
    const members: [string, number[]][] = [];
    for (const [key, g] of index.groups) members.push([key, chain(index, g)]);
    return { kind: 'exact', next: index.next, members, blocks: index.blocks, built: index.built };
  }
  return { kind: 'sorted', order: index.order, built: index.built, sort: index.sort };
}

/** The index a serialised one stands for, over `records` records. */
export function restoreIndex(saved: SerialisedIndex, records: number): PassIndex {
  if (saved.kind === 'exact') {
    const blockOf = saved.built ? new Array<number>(records).fill(-1) : [];
    if (saved.built) saved.blocks.forEach((block, b) => block.forEach((r) => (blockOf[r] = b)));
    const index: ExactIndex = { kind: 'exact', next: saved.next, groups: new Map(), head: [], tail: [], size: [], link: new Array<number>(saved.next).fill(-1), blocks: saved.blocks, blockOf, built: saved.built };
    for (const [key, members] of saved.members) {
      index.groups.set(key, index.head.length);
      index.head.push(members[0]!);
      index.tail.push(members[members.length - 1]!);
      index.size.push(members.length);
      for (let m = 1; m < members.length; m++) index.link[members[m - 1]!] = members[m]!;
    }
    return index;
  }
  const rank = saved.built ? new Array<number>(records).fill(-1) : [];
  if (saved.built) saved.order.forEach((r, position) => (rank[r] = position));
  // Built field by field, in emptyIndex's order: one object shape for every sorted index.
  return { kind: 'sorted', sort: saved.sort, order: saved.order, rank, built: saved.built };
}
