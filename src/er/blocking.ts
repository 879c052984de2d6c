// Blocking passes: cheap keys that put likely matches side by side so only a small fraction of
// all pairs is ever compared. Several passes with different keys keep recall high: a pair
// missed by one key (a typo in the surname) is caught by another (same date of birth).
import { MATCH_FIELDS, MATCH_INDEX, type MatchField, type PreparedRecord } from './prepare';
import { soundex } from './phonetic';
import { RuleError } from './rules';

export type KeyPart = {
  field: MatchField;
  /** value (default): the comparison form; soundex: its Soundex code; prefix: its first `length` characters. */
  transform?: 'value' | 'soundex' | 'prefix';
  length?: number;
};

export type BlockingPass =
  /** Records with equal keys are compared with each other; blocks above maxBlockSize are skipped and reported. */
  | { id: string; kind: 'exact'; key: KeyPart[]; unordered?: boolean; maxBlockSize?: number }
  /** Records are sorted by key and each is compared with the next window − 1 (sorted neighbourhood). */
  | { id: string; kind: 'sorted'; key: KeyPart[]; unordered?: boolean; window: number };

export const DEFAULT_MAX_BLOCK_SIZE = 100;

const value = (field: MatchField): KeyPart => ({ field });
const sx = (field: MatchField): KeyPart => ({ field, transform: 'soundex' });

/**
 * Exact keys catch pairs that share one reliable value; the soundex and postcode keys catch
 * pairs whose identifiers are missing or mistyped; the sorted passes catch typos that change a
 * key entirely ("mccarthy" / "mccatrhy" sort next to each other). On Febrl 4a ↔ 4b these keep
 * 99.98 % of the true pairs while comparing 0.12 % of all pairs (bench/er.bench.ts).
 */
export const DEFAULT_BLOCKING: BlockingPass[] = [
  { id: 'email', kind: 'exact', key: [value('email_canonical')] },
  { id: 'phone', kind: 'exact', key: [value('phone')] },
  { id: 'national_id', kind: 'exact', key: [value('national_id')] },
  { id: 'dob', kind: 'exact', key: [value('dob')] },
  // Unordered so a record with given and family name swapped lands in the same block.
  { id: 'name_soundex', kind: 'exact', key: [sx('first_name'), sx('last_name')], unordered: true },
  { id: 'postcode_last', kind: 'exact', key: [value('postcode'), sx('last_name')] },
  { id: 'postcode_first', kind: 'exact', key: [value('postcode'), sx('first_name')] },
  { id: 'street', kind: 'exact', key: [value('postcode'), value('street_number')] },
  // B2B contacts: colleagues-or-the-same-person at one employer, even with a mistyped surname
  // (its Soundex changes) or an initial for a given name; prefixes keep "Redpeak" and "Redpeak
  // Manufacturing Inc." together.
  { id: 'company_initial', kind: 'exact', key: [{ field: 'company', transform: 'prefix', length: 4 }, { field: 'first_name', transform: 'prefix', length: 1 }] },
  { id: 'sorted_name', kind: 'sorted', key: [value('last_name'), value('first_name')], window: 5 },
  { id: 'sorted_id', kind: 'sorted', key: [value('national_id')], window: 3 },
];

/** A function from a record to its key in one pass ('' when a key part is missing). */
export function keyFunction(pass: BlockingPass): (record: PreparedRecord) => string {
  const parts = pass.key.map((part) => {
    const index = MATCH_INDEX[part.field];
    if (index === undefined) throw new RuleError(`blocking pass "${pass.id}" uses unknown field "${part.field}"`);
    const transform = part.transform ?? 'value';
    if (transform === 'soundex') return (r: PreparedRecord) => soundex(r.match[index]!);
    if (transform === 'prefix') {
      const length = part.length ?? 3;
      return (r: PreparedRecord) => r.match[index]!.slice(0, length);
    }
    return (r: PreparedRecord) => r.match[index]!;
  });
  // Every record is keyed once per pass: one- and two-part keys (all the default passes) are
  // built without the array, sort and join the general case needs.
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [first, second] = parts as [(r: PreparedRecord) => string, (r: PreparedRecord) => string];
    const unordered = pass.unordered === true;
    return (record) => {
      const a = first(record);
      if (a === '') return '';
      const b = second(record);
      if (b === '') return '';
      return unordered && b < a ? `${b}\u0001${a}` : `${a}\u0001${b}`;
    };
  }
  return (record) => {
    const values = parts.map((part) => part(record));
    if (values.some((v) => v === '')) return '';
    if (pass.unordered) values.sort();
    return values.join('\u0001');
  };
}

export function validateBlocking(passes: readonly BlockingPass[]): void {
  if (passes.length === 0) throw new RuleError('at least one blocking pass is needed');
  const ids = new Set<string>();
  for (const pass of passes) {
    if (ids.has(pass.id)) throw new RuleError(`blocking pass id "${pass.id}" is used twice`);
    ids.add(pass.id);
    if (pass.key.length === 0) throw new RuleError(`blocking pass "${pass.id}" has no key`);
    for (const part of pass.key) if (!(MATCH_FIELDS as readonly string[]).includes(part.field)) throw new RuleError(`blocking pass "${pass.id}" uses unknown field "${part.field}"`);
    if (pass.kind === 'sorted' && !(Number.isInteger(pass.window) && pass.window >= 2)) throw new RuleError(`sorted pass "${pass.id}" needs a window of at least 2`);
    if (pass.kind === 'exact' && pass.maxBlockSize !== undefined && !(pass.maxBlockSize >= 2)) throw new RuleError(`exact pass "${pass.id}" needs maxBlockSize ≥ 2`);
  }
}
