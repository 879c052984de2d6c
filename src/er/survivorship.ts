// Survivorship: one golden record per entity, chosen field by field from the cluster's
// members, with the row each value came from (column-level lineage for the report).
import { CANONICAL_FIELDS, type CanonicalField } from './schema';
import { VALUE_INDEX, type PreparedRecord } from './prepare';
import { goldenNames, NameKeys } from './survivorship-names';

export type Strategy =
  /** The value most members agree on (ties: the more complete record, then input order). */
  | 'most_frequent'
  /** The value from the member with the most filled fields. */
  | 'most_complete'
  /** The value from the most recently updated member (updated_at). */
  | 'most_recent'
  /** The value from the member whose source comes first in `sourcePriority`. */
  | 'source_priority';

export type SurvivorshipConfig = {
  default?: Strategy;
  fields?: Partial<Record<CanonicalField, Strategy>>;
  sourcePriority?: string[];
};

export type RowRef = { source: string; id: string };

export type GoldenRecord = {
  entity_id: string;
  values: Record<CanonicalField, string>;
  /** The member row each non-empty value was taken from. */
  provenance: Partial<Record<CanonicalField, RowRef>>;
  member_count: number;
  sources: string[];
};

export const DEFAULT_SURVIVORSHIP = {
  default: 'most_frequent',
  fields: { email: 'most_recent', phone: 'most_recent', company: 'most_recent', address_1: 'most_complete', address_2: 'most_complete', street_number: 'most_complete' },
} satisfies SurvivorshipConfig;

const UPDATED = VALUE_INDEX.updated_at;
const FIRST = VALUE_INDEX.first_name;
const LAST = VALUE_INDEX.last_name;
const FULL = VALUE_INDEX.full_name;

export type Survivor = (entityId: string, members: readonly PreparedRecord[]) => GoldenRecord;

/**
 * Golden records under one configuration: the strategy of each field is resolved once, and the
 * name keys of survivorship-names.ts are remembered, since a page of clusters repeats names.
 */
export function survivor(config: SurvivorshipConfig = DEFAULT_SURVIVORSHIP): Survivor {
  const strategies = CANONICAL_FIELDS.map((field): Strategy => config.fields?.[field] ?? config.default ?? 'most_frequent');
  const byRecencyUsed = strategies.includes('most_recent');
  const bySourceUsed = strategies.includes('source_priority');
  const keys = new NameKeys();
  const priority = config.sourcePriority ?? [];
  const rank = (m: PreparedRecord) => (priority.indexOf(m.source) + priority.length + 1) % (priority.length + 1);

  return (entityId, members) => {
    // Most entities have one member; every strategy then picks that member's values.
    if (members.length === 1) return golden(entityId, members, members[0]!.values, new Array<number>(CANONICAL_FIELDS.length).fill(0));
    const filled = new Array<number>(members.length);
    const order = new Array<number>(members.length);
    for (let i = 0; i < members.length; i++) {
      filled[i] = filledFields(members[i]!.values);
      order[i] = i;
    }
    const byCompleteness = order.sort((a, b) => filled[b]! - filled[a]! || recency(members[b]!, members[a]!) || a - b);
    const byRecency = byRecencyUsed ? [...order].sort((a, b) => recency(members[b]!, members[a]!) || filled[b]! - filled[a]! || a - b) : [];
    const bySource = bySourceUsed ? [...order].sort((a, b) => rank(members[a]!) - rank(members[b]!) || filled[b]! - filled[a]! || a - b) : [];
    const completenessRank = new Array<number>(members.length);
    for (let position = 0; position < byCompleteness.length; position++) completenessRank[byCompleteness[position]!] = position;

    // A copy of a member's values, every field overwritten below: the same (packed) array kind
    // as the values a one-member entity passes, so golden() sees one kind of array.
    const values = members[0]!.values.slice();
    const from = new Array<number>(CANONICAL_FIELDS.length);
    for (let f = 0; f < CANONICAL_FIELDS.length; f++) {
      const strategy = strategies[f]!;
      const chosen = strategy === 'most_frequent' ? mostFrequent(members, f, byCompleteness) : firstFilled(members, f, strategy === 'most_complete' ? byCompleteness : strategy === 'most_recent' ? byRecency : bySource);
      values[f] = chosen >= 0 ? members[chosen]!.values[f]! : '';
      from[f] = chosen;
    }
    // By agreement, names are chosen per field from members read the same way round (survivorship-names.ts).
    const names = goldenNames(members, completenessRank, keys);
    if (strategies[FIRST] === 'most_frequent') {
      values[FIRST] = names.firstValue;
      from[FIRST] = names.first;
    }
    if (strategies[LAST] === 'most_frequent') {
      values[LAST] = names.lastValue;
      from[LAST] = names.last;
    }
    return golden(entityId, members, values, from);
  };
}

export function goldenRecord(entityId: string, members: readonly PreparedRecord[], config: SurvivorshipConfig = DEFAULT_SURVIVORSHIP): GoldenRecord {
  return survivor(config)(entityId, members);
}

/**
 * The record from the chosen values and the member each came from (-1: none), fields in schema
 * order. The display name must read as one person even when its parts came from different rows,
 * so it is composed from the chosen parts and has no single source.
 */
function golden(entityId: string, members: readonly PreparedRecord[], chosen: readonly string[], from: number[]): GoldenRecord {
  const first = chosen[FIRST]!;
  const last = chosen[LAST]!;
  let full = chosen[FULL]!;
  if (first !== '' || last !== '') {
    full = first === '' ? last : last === '' ? first : `${first} ${last}`;
    from[FULL] = -1;
  }
  const values = {} as Record<CanonicalField, string>;
  const provenance: Partial<Record<CanonicalField, RowRef>> = {};
  const refs: RowRef[] = members.map((m) => ({ source: m.source, id: m.id }));
  for (let f = 0; f < CANONICAL_FIELDS.length; f++) {
    const field = CANONICAL_FIELDS[f]!;
    const value = f === FULL ? full : chosen[f]!;
    values[field] = value;
    const m = from[f]!;
    if (m >= 0 && value !== '') provenance[field] = refs[m]!;
  }
  // Sources in order of first appearance; a cluster has few, so a list beats a set.
  const sources: string[] = [];
  for (const m of members) if (!sources.includes(m.source)) sources.push(m.source);
  return { entity_id: entityId, values, provenance, member_count: members.length, sources };
}

function recency(a: PreparedRecord, b: PreparedRecord): number {
  const x = a.values[UPDATED]!;
  const y = b.values[UPDATED]!;
  return x === y ? 0 : x > y ? 1 : -1;
}

function filledFields(values: readonly string[]): number {
  let n = 0;
  for (let f = 0; f < values.length; f++) if (values[f] !== '') n++;
  return n;
}

/** The first member in `ranking` with field f filled, -1 when none has it. */
function firstFilled(members: readonly PreparedRecord[], f: number, ranking: readonly number[]): number {
  for (let r = 0; r < ranking.length; r++) if (members[ranking[r]!]!.values[f] !== '') return ranking[r]!;
  return -1;
}

/** Clusters up to this size count a value's members by scanning them: no map per field. */
const SCAN_LIMIT = 16;

/**
 * The member holding the value most members share; ties go to the value whose most complete
 * holder is more complete. Visiting members in completeness order, the first holder of the
 * winning value is that holder, and a value must beat (not equal) the count seen so far.
 */
function mostFrequent(members: readonly PreparedRecord[], f: number, byCompleteness: readonly number[]): number {
  const counts = members.length > SCAN_LIMIT ? tally(members, f) : undefined;
  let chosen = -1;
  let top = 0;
  for (let r = 0; r < byCompleteness.length; r++) {
    const i = byCompleteness[r]!;
    const value = members[i]!.values[f]!;
    if (value === '') continue;
    const count = counts ? counts.get(value)! : holders(members, f, value);
    if (count > top) {
      top = count;
      chosen = i;
    }
  }
  return chosen;
}

function holders(members: readonly PreparedRecord[], f: number, value: string): number {
  let count = 0;
  for (let i = 0; i < members.length; i++) if (members[i]!.values[f] === value) count++;
  return count;
}

function tally(members: readonly PreparedRecord[], f: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.values[f]!, (counts.get(m.values[f]!) ?? 0) + 1);
  return counts;
}
