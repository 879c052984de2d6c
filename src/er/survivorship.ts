// Survivorship: one golden record per entity, chosen field by field from the cluster's
// members, with the row each value came from (column-level lineage for the report).
import { CANONICAL_FIELDS, type CanonicalField } from './schema';
import { VALUE_INDEX, type PreparedRecord } from './prepare';
import { goldenNames } from './survivorship-names';

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

export function goldenRecord(entityId: string, members: readonly PreparedRecord[], config: SurvivorshipConfig = DEFAULT_SURVIVORSHIP): GoldenRecord {
  // Most entities have one member; every strategy then picks that member's values.
  if (members.length === 1) return single(entityId, members[0]!);
  const filled = members.map((m) => m.values.reduce((n, v) => (v === '' ? n : n + 1), 0));
  const order = members.map((_, i) => i);
  const byCompleteness = [...order].sort((a, b) => filled[b]! - filled[a]! || recency(members[b]!, members[a]!) || a - b);
  const byRecency = [...order].sort((a, b) => recency(members[b]!, members[a]!) || filled[b]! - filled[a]! || a - b);
  const priority = config.sourcePriority ?? [];
  const rank = (m: PreparedRecord) => (priority.indexOf(m.source) + priority.length + 1) % (priority.length + 1);
  const bySource = [...order].sort((a, b) => rank(members[a]!) - rank(members[b]!) || filled[b]! - filled[a]! || a - b);
  const completenessRank = new Array<number>(members.length);
  byCompleteness.forEach((m, position) => (completenessRank[m] = position));

  const values = {} as Record<CanonicalField, string>;
  const provenance: Partial<Record<CanonicalField, RowRef>> = {};
  for (const field of CANONICAL_FIELDS) {
    const f = VALUE_INDEX[field];
    const strategy = config.fields?.[field] ?? config.default ?? 'most_frequent';
    let chosen = -1;
    if (strategy === 'most_frequent') chosen = mostFrequent(members, f, completenessRank);
    else {
      const ranking = strategy === 'most_complete' ? byCompleteness : strategy === 'most_recent' ? byRecency : bySource;
      chosen = ranking.find((m) => members[m]!.values[f] !== '') ?? -1;
    }
    values[field] = chosen >= 0 ? members[chosen]!.values[f]! : '';
    if (chosen >= 0) provenance[field] = { source: members[chosen]!.source, id: members[chosen]!.id };
  }
  // By agreement, names are chosen per field from members read the same way round (survivorship-names.ts).
  const names = goldenNames(members, completenessRank);
  for (const [field, at, value] of [['first_name', names.first, names.firstValue], ['last_name', names.last, names.lastValue]] as const) {
    if ((config.fields?.[field] ?? config.default ?? 'most_frequent') !== 'most_frequent') continue;
    values[field] = value;
    if (at >= 0) provenance[field] = { source: members[at]!.source, id: members[at]!.id };
    else delete provenance[field];
  }
  composeFullName(values, provenance);
  return { entity_id: entityId, values, provenance, member_count: members.length, sources: [...new Set(members.map((m) => m.source))] };
}

/** The display name must read as one person even when its parts came from different rows. */
function composeFullName(values: Record<CanonicalField, string>, provenance: Partial<Record<CanonicalField, RowRef>>): void {
  if (values.first_name === '' && values.last_name === '') return;
  values.full_name = [values.first_name, values.last_name].filter(Boolean).join(' ');
  delete provenance.full_name;
}

function single(entityId: string, member: PreparedRecord): GoldenRecord {
  const values = {} as Record<CanonicalField, string>;
  const provenance: Partial<Record<CanonicalField, RowRef>> = {};
  const from = { source: member.source, id: member.id };
  CANONICAL_FIELDS.forEach((field, f) => {
    values[field] = member.values[f]!;
    if (values[field] !== '') provenance[field] = from;
  });
  composeFullName(values, provenance);
  return { entity_id: entityId, values, provenance, member_count: 1, sources: [member.source] };
}

function recency(a: PreparedRecord, b: PreparedRecord): number {
  const x = a.values[UPDATED]!;
  const y = b.values[UPDATED]!;
  return x === y ? 0 : x > y ? 1 : -1;
}

function mostFrequent(members: readonly PreparedRecord[], f: number, completenessRank: number[]): number {
  const counts = new Map<string, { count: number; best: number }>();
  members.forEach((m, i) => {
    const value = m.values[f]!;
    if (value === '') return;
    const entry = counts.get(value);
    if (!entry) counts.set(value, { count: 1, best: i });
    else {
      entry.count++;
      if (completenessRank[i]! < completenessRank[entry.best]!) entry.best = i;
    }
  });
  let chosen = -1;
  let top = 0;
  for (const { count, best } of counts.values()) {
    if (count > top || (count === top && completenessRank[best]! < completenessRank[chosen]!)) {
      top = count;
      chosen = best;
    }
  }
  return chosen;
}
