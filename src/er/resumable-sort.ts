// A bottom-up merge sort that can stop after any number of element moves and continue later
// from its (JSON-serialisable) state: sorting 100,000 blocking keys is more CPU than one
// Workers invocation should spend, so the sorted-neighbourhood pass sorts across several calls.

export type SortState = {
  /** The array being sorted; holds the result once `done`. */
  items: number[];
  buffer: number[];
  width: number;
  /** Current merge: left run [i, mid), right run [j, end), output position k in buffer. */
  i: number;
  mid: number;
  j: number;
  end: number;
  k: number;
  done: boolean;
};

export function startSort(items: number[]): SortState {
  const n = items.length;
  const state: SortState = { items, buffer: new Array<number>(n).fill(0), width: 1, i: 0, mid: 0, j: 0, end: 0, k: 0, done: n <= 1 };
  if (!state.done) beginMerge(state, 0);
  return state;
}

function beginMerge(state: SortState, start: number): void {
  const n = state.items.length;
  state.i = start;
  state.k = start;
  state.mid = Math.min(start + state.width, n);
  state.j = state.mid;
  state.end = Math.min(start + 2 * state.width, n);
}

/**
 * Moves at most `budget` elements; returns the moves made. Ties keep their current order
 * (stable), so items that start in index order end sorted by (key, index): deterministic.
 */
export function stepSort(state: SortState, keys: readonly string[], budget: number): number {
  let moves = 0;
  const n = state.items.length;
  while (!state.done && moves < budget) {
    const { items, buffer, mid, end } = state;
    let { i, j, k } = state;
    const stop = Math.min(end, k + (budget - moves));
    while (k < stop) {
      if (i < mid && (j >= end || !(keys[items[j]!]! < keys[items[i]!]!))) buffer[k++] = items[i++]!;
      else buffer[k++] = items[j++]!;
    }
    moves += k - state.k;
    state.i = i;
    state.j = j;
    state.k = k;
    if (k < end) break;
    if (end < n) {
      beginMerge(state, end);
    } else {
      // A full level is merged: the buffer becomes the array and runs double in width.
      state.items = buffer;
      state.buffer = items;
      state.width *= 2;
      if (state.width >= n) state.done = true;
      else beginMerge(state, 0);
    }
  }
  return moves;
}
