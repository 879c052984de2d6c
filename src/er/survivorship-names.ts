// Golden-record names (issue 14): given and family name are chosen per field, but only after
// every member is read the same way round. Sources swap the two fields (a HubSpot import, a
// Zendesk "Garcia Daniel"), and choosing each field on its own across unaligned rows gave
// "Garcia Garcia". A member is turned round when its family-name field looks more like the given
// name than its given-name field does: by where the cluster's other rows put each name, and, when
// they are split evenly, by the nickname tables' knowledge of given names.
import { familyCore, givenNameMatchForm, nameMatchForm } from './normalize-name';
import { isKnownGivenName } from './nicknames';
import { VALUE_INDEX, type PreparedRecord } from './prepare';
import { firstToken } from './text';

const FIRST = VALUE_INDEX.first_name;
const LAST = VALUE_INDEX.last_name;

export type GoldenNames = { first: number; last: number; firstValue: string; lastValue: string };

/**
 * The golden given and family name and the member each came from (-1: none). `rank` orders
 * members by completeness (0 = most complete): it breaks ties, so the most complete record among
 * the consistent ones wins.
 */
export function goldenNames(members: readonly PreparedRecord[], rank: readonly number[], keys: NameKeys = new NameKeys()): GoldenNames {
  const oriented = orient(members, keys);
  const first = choose(oriented.map((o) => o.first), keys.given, rank);
  const last = choose(oriented.map((o) => o.last), keys.family, rank);
  return { first, last, firstValue: first >= 0 ? oriented[first]!.first : '', lastValue: last >= 0 ? oriented[last]!.last : '' };
}

/**
 * The keys names are grouped by: the given name's first word with nicknames mapped, the family
 * name's core. Each is normalised once per spelling for as long as the instance lives (a page of
 * golden records): the same names recur across clusters.
 */
export class NameKeys {
  private readonly givenKeys = new Map<string, string>();
  private readonly familyKeys = new Map<string, string>();

  readonly given = (value: string): string => remembered(this.givenKeys, value, firstGivenForm);
  readonly family = (value: string): string => remembered(this.familyKeys, value, (v) => familyCore(nameMatchForm(v)));
}

const firstGivenForm = (value: string): string => firstToken(givenNameMatchForm(value));

function remembered(memo: Map<string, string>, value: string, compute: (value: string) => string): string {
  let key = memo.get(value);
  if (key === undefined) memo.set(value, (key = compute(value)));
  return key;
}

/** Each member's names the majority's way round. */
function orient(members: readonly PreparedRecord[], names: NameKeys): { first: string; last: string }[] {
  // How often each name (given form: nicknames mapped) stands in the given and in the family field.
  const position = new Map<string, number>();
  const keys = members.map((m) => [names.given(m.values[FIRST]!), names.given(m.values[LAST]!)] as const);
  for (const [f, l] of keys) {
    if (f !== '') position.set(f, (position.get(f) ?? 0) + 1);
    if (l !== '') position.set(l, (position.get(l) ?? 0) - 1);
  }
  const givenLike = (key: string): [number, number] => [position.get(key) ?? 0, isKnownGivenName(key) ? 1 : 0];
  return members.map((m, i) => {
    const [first, last] = [m.values[FIRST]!, m.values[LAST]!];
    const [f, l] = keys[i]!;
    if (f === '' || l === '' || f === l) return { first, last };
    const [pf, kf] = givenLike(f);
    const [pl, kl] = givenLike(l);
    const swapped = pl > pf || (pl === pf && kl > kf);
    return swapped ? { first: last, last: first } : { first, last };
  });
}

/**
 * The value the most members agree on, compared by `key` (nickname and particle variants count
 * together; an initial only when no member has more), then the spelling most of that group use,
 * then the more complete member's.
 */
function choose(values: readonly string[], key: (value: string) => string, rank: readonly number[]): number {
  const groups = new Map<string, number[]>();
  values.forEach((v, i) => {
    if (v === '') return;
    const k = key(v);
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  });
  let best: number[] | undefined;
  const weight = (k: string, list: readonly number[]) => (k.length > 1 ? list.length : list.length / (values.length + 1));
  const topRank = (list: readonly number[]) => Math.min(...list.map((i) => rank[i]!));
  let bestWeight = -1;
  for (const [k, list] of groups) {
    const w = weight(k, list);
    if (w > bestWeight || (w === bestWeight && topRank(list) < topRank(best!))) [best, bestWeight] = [list, w];
  }
  if (!best) return -1;
  const spelling = new Map<string, number>();
  for (const i of best) spelling.set(values[i]!, (spelling.get(values[i]!) ?? 0) + 1);
  let chosen = best[0]!;
  for (const i of best) {
    const [c, top] = [spelling.get(values[i]!)!, spelling.get(values[chosen]!)!];
    if (c > top || (c === top && rank[i]! < rank[chosen]!)) chosen = i;
  }
  return chosen;
}
