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
  if (sameNames(members)) {
    // Every member spells both names alike (most clusters): none is turned round, and each field's
    // one spelling comes from the most complete member — what the general path below finds,
    // without normalising the names into keys.
    const firstValue = members[0]!.values[FIRST]!;
    const lastValue = members[0]!.values[LAST]!;
    const top = mostComplete(rank);
    return { first: firstValue === '' ? -1 : top, last: lastValue === '' ? -1 : top, firstValue, lastValue };
  }
  const { firsts, lasts } = orient(members, keys);
  const first = choose(firsts, keys.given, rank);
  const last = choose(lasts, keys.family, rank);
  return { first, last, firstValue: first >= 0 ? firsts[first]! : '', lastValue: last >= 0 ? lasts[last]! : '' };
}

function sameNames(members: readonly PreparedRecord[]): boolean {
  const first = members[0]!.values[FIRST]!;
  const last = members[0]!.values[LAST]!;
  for (let i = 1; i < members.length; i++) if (members[i]!.values[FIRST] !== first || members[i]!.values[LAST] !== last) return false;
  return true;
}

/** The member of lowest rank (the first of them on a tie), as choose() settles a group of one spelling. */
function mostComplete(rank: readonly number[]): number {
  let top = 0;
  for (let i = 1; i < rank.length; i++) if (rank[i]! < rank[top]!) top = i;
  return top;
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

/** Each member's given and family name, the majority's way round. */
function orient(members: readonly PreparedRecord[], names: NameKeys): { firsts: string[]; lasts: string[] } {
  // How often each name (given form: nicknames mapped) stands in the given and in the family field.
  const position = new Map<string, number>();
  const givenKeys = new Array<string>(members.length);
  const familyKeys = new Array<string>(members.length);
  for (let i = 0; i < members.length; i++) {
    const f = (givenKeys[i] = names.given(members[i]!.values[FIRST]!));
    const l = (familyKeys[i] = names.given(members[i]!.values[LAST]!));
    if (f !== '') position.set(f, (position.get(f) ?? 0) + 1);
    if (l !== '') position.set(l, (position.get(l) ?? 0) - 1);
  }
  const firsts = new Array<string>(members.length);
  const lasts = new Array<string>(members.length);
  for (let i = 0; i < members.length; i++) {
    const first = members[i]!.values[FIRST]!;
    const last = members[i]!.values[LAST]!;
    const f = givenKeys[i]!;
    const l = familyKeys[i]!;
    // Turned round when the family field's name stands more often in the given field, or as
    // often and only it is a given name the nickname tables know.
    const swapped = f !== '' && l !== '' && f !== l && swappedBy(position.get(f) ?? 0, position.get(l) ?? 0, f, l);
    firsts[i] = swapped ? last : first;
    lasts[i] = swapped ? first : last;
  }
  return { firsts, lasts };
}

function swappedBy(givenPosition: number, familyPosition: number, f: string, l: string): boolean {
  return familyPosition > givenPosition || (familyPosition === givenPosition && isKnownGivenName(l) && !isKnownGivenName(f));
}

/**
 * The value the most members agree on, compared by `key` (nickname and particle variants count
 * together; an initial only when no member has more), then the spelling most of that group use,
 * then the more complete member's.
 */
function choose(values: readonly string[], key: (value: string) => string, rank: readonly number[]): number {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === '') continue;
    const k = key(v);
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  }
  let best: number[] | undefined;
  let bestWeight = -1;
  for (const [k, list] of groups) {
    const w = k.length > 1 ? list.length : list.length / (values.length + 1);
    if (w > bestWeight || (w === bestWeight && topRank(list, rank) < topRank(best!, rank))) {
      best = list;
      bestWeight = w;
    }
  }
  if (!best) return -1;
  if (best.length === 1) return best[0]!;
  const spelling = new Map<string, number>();
  for (const i of best) spelling.set(values[i]!, (spelling.get(values[i]!) ?? 0) + 1);
  let chosen = best[0]!;
  for (const i of best) {
    const c = spelling.get(values[i]!)!;
    const top = spelling.get(values[chosen]!)!;
    if (c > top || (c === top && rank[i]! < rank[chosen]!)) chosen = i;
  }
  return chosen;
}

function topRank(list: readonly number[], rank: readonly number[]): number {
  let top = Infinity;
  for (const i of list) top = Math.min(top, rank[i]!);
  return top;
}
