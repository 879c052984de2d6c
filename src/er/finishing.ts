// The last phase of a resolution, in bounded steps like the others: union the matched pairs
// of the selected rules, number the entities, group members, then check every cluster
// (size, hard-key conflicts). Outputs are read afterwards page by page (resolution.ts), so no
// single call has to touch all 100,000 rows at once.
import { MATCH_INDEX, type MatchField, type PreparedRecord } from './prepare';
import type { RowRef } from './survivorship';
import { UnionFind } from './union-find';
import { DEFAULT_HARD_KEYS, type ValidationOptions } from './validate';

export type FinishStage = 'union' | 'assign' | 'group' | 'check' | 'done';

export type FinishState = {
  /** Bit mask of the rules whose matches count. */
  selected: number;
  stage: FinishStage;
  cursor: number;
  parent: number[];
  /** Per record: OR of the selected rule bits of its matches. */
  ruleMask: number[];
  matchesByRule: number[];
  matchedPairs: number;
  /** Per record: its entity number (0-based). */
  entityOf: number[];
  /** Per entity: member count, then (after 'group') start offset into `members`. */
  entitySize: number[];
  memberStart: number[];
  members: number[];
  oversized: { entity: number; size: number }[];
  conflicts: { entity: number; field: MatchField; values: string[]; rows: RowRef[] }[];
  /** Members placed while grouping, checked against the record count (row accounting). */
  placed: number;
};

export function startFinish(records: number, rules: number, selected: number): FinishState {
  return {
    selected,
    stage: 'union',
    cursor: 0,
    parent: Array.from({ length: records }, (_, i) => i),
    ruleMask: new Array<number>(records).fill(0),
    matchesByRule: new Array<number>(rules).fill(0),
    matchedPairs: 0,
    entityOf: [],
    entitySize: [],
    memberStart: [],
    members: [],
    oversized: [],
    conflicts: [],
    placed: 0,
  };
}

export type FinishContext = {
  /** Every record by number; the 'check' stage reads only members of multi-record clusters (the others may be holes). */
  records: readonly PreparedRecord[];
  matches: readonly number[];
  validation?: ValidationOptions;
};

/**
 * Advances finishing by at most about `budget` units, stopping early at stage `until` (before its
 * work: clustering from pairs reads the records the check needs only once the clusters are known);
 * returns the units used.
 */
export function stepFinish(state: FinishState, context: FinishContext, budget: number, until: FinishStage = 'done'): number {
  let used = 0;
  const n = context.records.length;
  while (state.stage !== 'done' && state.stage !== until && used < budget) {
    const left = budget - used;
    switch (state.stage) {
      case 'union': {
        const uf = new UnionFind(state.parent);
        const { matches } = context;
        const stop = Math.min(matches.length, state.cursor + 3 * left);
        for (let k = state.cursor; k < stop; k += 3) {
          const mask = matches[k + 2]! & state.selected;
          if (mask === 0) continue;
          const x = matches[k]!;
          const y = matches[k + 1]!;
          uf.union(x, y);
          state.ruleMask[x]! |= mask;
          state.ruleMask[y]! |= mask;
          state.matchedPairs++;
          for (let r = 0; mask >> r; r++) if (mask & (1 << r)) state.matchesByRule[r]!++;
        }
        used += (stop - state.cursor) / 3;
        state.cursor = stop;
        if (stop >= matches.length) advance(state, 'assign', () => (state.entityOf = new Array<number>(n).fill(-1)));
        break;
      }
      case 'assign': {
        // A set's root is its smallest member (union-find.ts), so it is met before the others.
        const uf = new UnionFind(state.parent);
        const stop = Math.min(n, state.cursor + left);
        for (let i = state.cursor; i < stop; i++) {
          const root = uf.find(i);
          if (root === i) {
            state.entityOf[i] = state.entitySize.length;
            state.entitySize.push(1);
          } else {
            const entity = state.entityOf[root]!;
            state.entityOf[i] = entity;
            state.entitySize[entity]!++;
          }
        }
        used += stop - state.cursor;
        state.cursor = stop;
        if (stop >= n) {
          advance(state, 'group', () => {
            let offset = 0;
            state.memberStart = state.entitySize.map((size) => ((offset += size), offset - size));
            state.members = new Array<number>(n).fill(-1);
          });
          used += state.entitySize.length;
        }
        break;
      }
      case 'group': {
        // memberStart doubles as a fill pointer here and is restored by subtracting sizes.
        const stop = Math.min(n, state.cursor + left);
        const fill = state.memberStart;
        for (let i = state.cursor; i < stop; i++) {
          const entity = state.entityOf[i]!;
          state.members[fill[entity]!++] = i;
          state.placed++;
        }
        used += stop - state.cursor;
        state.cursor = stop;
        if (stop >= n) {
          advance(state, 'check', () => {
            for (let e = 0; e < fill.length; e++) fill[e]! -= state.entitySize[e]!;
          });
          used += state.entitySize.length;
        }
        break;
      }
      case 'check': {
        const maxSize = context.validation?.maxClusterSize ?? 10;
        const hardKeys = context.validation?.hardKeys ?? DEFAULT_HARD_KEYS;
        let e = state.cursor;
        for (; e < state.entitySize.length && used < budget; e++) {
          const size = state.entitySize[e]!;
          used += size;
          if (size > maxSize) state.oversized.push({ entity: e, size });
          if (size < 2) continue;
          const ids = state.members.slice(state.memberStart[e], state.memberStart[e]! + size);
          for (const field of hardKeys) {
            const f = MATCH_INDEX[field];
            // Most clusters agree: the lists of a conflict are built only for one.
            if (!twoValues(ids, context.records, f)) continue;
            const members = ids.map((i) => context.records[i]!);
            const values = new Set(members.map((r) => r.match[f]!).filter((v) => v !== ''));
            state.conflicts.push({ entity: e, field, values: [...values].sort(), rows: members.filter((r) => r.match[f] !== '').map((r) => ({ source: r.source, id: r.id })) });
          }
        }
        state.cursor = e;
        if (e >= state.entitySize.length) advance(state, 'done', () => undefined);
        break;
      }
    }
  }
  return used;
}

/** Whether the records hold two different non-empty values of comparison field f. */
function twoValues(ids: readonly number[], records: readonly PreparedRecord[], f: number): boolean {
  let seen = '';
  for (const i of ids) {
    const value = records[i]!.match[f]!;
    if (value === '' || value === seen) continue;
    if (seen !== '') return true;
    seen = value;
  }
  return false;
}

function advance(state: FinishState, stage: FinishStage, prepare: () => void): void {
  prepare();
  state.stage = stage;
  state.cursor = 0;
}
