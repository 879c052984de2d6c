// The table's own evidence (issue 14). Whether a shared value identifies a person, and whether a
// name does, depends on the data: an address on three colleagues' records is a team mailbox
// whatever its spelling, and "Jan Novák" at a Czech firm of a thousand people is several people.
// deriveProfile measures this over all records before any pair is compared and writes it into
// the records' derived comparison columns (prepare.ts MATCH_FIELDS, last six), so the rules —
// in memory and compiled to SQL — read it like any other field:
//
//   email_personal  the address, unless it is a role mailbox (listed, normalize-email.ts) or the
//                   data shows it on records of two people (family, team or mis-keyed address):
//                   two different given names, both established in the table
//   phone_personal  the number, unless the data shows it on records of two people (switchboards,
//                   family lines)
//   first_rare,     the name, when at most RARE_COUNT records carry it: a typo or an uncommon
//   last_rare       name. Two similar names that are both established ("Jan" / "Jana", "Tomáš" /
//                   "Thomas", "Novák" / "Nováková") are different names, not a typo of each other
//   name_distinct   "1" unless namesakes are to be expected: the expected number of other people
//                   with this given and family name at the record's employer (without one, at the
//                   employer whose switchboard it carries, else in the table) — from the frequencies of the given and family name measured in the
//                   data — reaches COMMON_EXPECTED, or the name has two different work mailboxes
//                   at one organisation (two people the data already tells apart)
//   name_rare       "1" when the expected number of other people with this full name in the whole
//                   table is below RARE_NAME_EXPECTED, in a table large enough to tell
//                   (RARE_NAME_MIN_RECORDS): the name alone then points at one person
//
// Everything is a deterministic function of the records, so it can be recomputed after a
// restore; its cost is linear in the records (a few map updates per record).
import { isRoleEmail } from './normalize-email';
import { nameMatchForm } from './normalize-name';
import { MATCH_INDEX, VALUE_INDEX, type PreparedRecord } from './prepare';
import { spellingVariants } from './spelling-variants';
import { firstToken } from './text';

/** A name carried by at most this many records is rare (typo variants almost always are). */
export const RARE_COUNT = 2;
/** Expected namesakes (other people's records with the same full name) at which a name is common. */
export const COMMON_EXPECTED = 0.1;
/** Expected namesakes in the whole table below which a full name is rare enough to stand alone. */
export const RARE_NAME_EXPECTED = 0.02;
/** Fewer records than this cannot show a name to be rare: in a small table every name looks unique. */
export const RARE_NAME_MIN_RECORDS = 1000;
/** Weight of the table-wide name frequencies in a company's (records): small companies lean on the table. */
const PRIOR_RECORDS = 20;
/** Distinct names looked at per shared value; more than this many is a team value anyway. */
const MAX_SIGNATURES = 12;

const F = MATCH_INDEX.first_name;
const L = MATCH_INDEX.last_name;
const EMAIL = MATCH_INDEX.email_canonical;
const PHONE = MATCH_INDEX.phone;
const COMPANY = MATCH_INDEX.company;
const ORG = MATCH_INDEX.email_org;
const FIRST_VALUE = VALUE_INDEX.first_name;

export type ProfileSummary = {
  /** Identifies this derivation: records derived by it carry it (profiledBy), so a restore can tell. */
  id: number;
  records: number;
  roleEmails: number;
  sharedEmails: number;
  sharedPhones: number;
  rareGivenNames: number;
  commonNames: number;
};


/** The employer a record's statistics are kept under: its company's first word, else its work-mail organisation. */
function employerKey(r: PreparedRecord): string {
  const company = firstToken(r.match[COMPANY]!);
  if (company.length >= 3) return company;
  return r.match[ORG]!;
}

/**
 * The employer a shared number belongs to — a switchboard — when most of the records carrying it
 * that name an employer name the same one; '' for a household line or a number no employer owns.
 */
function switchboardOf(members: readonly PreparedRecord[]): string {
  const counts = new Map<string, number>();
  let named = 0;
  for (const r of members) {
    const at = employerKey(r);
    if (at === '') continue;
    named++;
    bump(counts, at);
  }
  for (const [at, count] of counts) if (count * 2 > named) return at;
  return '';
}

// Which derivation each record's comparison forms come from (their match arrays, by identity).
const DERIVED = new WeakMap<readonly string[], number>();
let derivations = 0;

/** Whether every record was derived by the derivation `id` (so the columns need not be computed again). */
export function profiledBy(records: readonly PreparedRecord[], id: number): boolean {
  for (const r of records) if (DERIVED.get(r.match) !== id) return false;
  return true;
}

/**
 * "Chris" for Christine, "Sam" for Samantha, "Jo" for Joanne: a given name cut short by two or more
 * letters is how people shorten a name, whatever the nickname tables map it to. One letter more is
 * a name of its own ("Jan" / "Jana", "Petr" / "Petra", "Paul" / "Paula").
 */
function isShortening(short: string, long: string): boolean {
  return short.length >= 2 && long.length >= short.length + 2 && long.startsWith(short);
}

/** The fraction of records whose value at most RARE_COUNT records carry: how often the table has a one-off spelling. */
function oneOffShare(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  let oneOff = 0;
  for (const count of counts.values()) {
    total += count;
    if (count <= RARE_COUNT) oneOff += count;
  }
  return total === 0 ? 0 : oneOff / total;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Derives the table-dependent comparison columns of every record, in place. `expected`, when
 * given, receives per record the expected number of other people's records with its full name
 * (at its employer, else in the table): the namesake rate rule proposals estimate precision from.
 */
export function deriveProfile(records: readonly PreparedRecord[], expected?: Float64Array, tableExpected?: Float64Array): ProfileSummary {
  const steps = profileSteps(records, expected, tableExpected);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Records per step of profileSteps: a few ms of work. */
export const PROFILE_SLICE = 2_000;

/** Up to `slices` steps of a profiling; its summary once it has finished. */
export function advanceProfile(steps: Generator<void, ProfileSummary>, slices: number): ProfileSummary | undefined {
  for (let i = 0; i < slices; i++) {
    const step = steps.next();
    if (step.done) return step.value;
  }
  return undefined;
}

/** deriveProfile, pausing every PROFILE_SLICE records so a bounded caller can spread it over calls. */
export function* profileSteps(records: readonly PreparedRecord[], expected?: Float64Array, tableExpected?: Float64Array): Generator<void, ProfileSummary> {
  const n = records.length;
  const given = new Map<string, number>();
  const family = new Map<string, number>();
  const fullName = new Map<string, number>();
  const employer = new Map<string, number>();
  const givenAt = new Map<string, number>();
  const familyAt = new Map<string, number>();
  const nameAt = new Map<string, number>();
  const emails = new Map<string, number[]>();
  const phones = new Map<string, number[]>();
  /** Per name at an organisation: the first work mailbox seen, or '*' once a second one is. */
  const mailboxes = new Map<string, string>();
  /** Per record with both names: "given family", built and hashed once for both passes. */
  const names = new Array<string>(n);

  for (let i = 0; i < n; i++) {
    if (i % PROFILE_SLICE === PROFILE_SLICE - 1) yield;
    const m = records[i]!.match;
    const f = firstToken(m[F]!);
    const l = m[L]!;
    if (f !== '') bump(given, f);
    if (l !== '') bump(family, l);
    const email = m[EMAIL]!;
    if (email !== '') {
      const list = emails.get(email);
      if (list) list.push(i);
      else emails.set(email, [i]);
    }
    const phone = m[PHONE]!;
    if (phone !== '') {
      const list = phones.get(phone);
      if (list) list.push(i);
      else phones.set(phone, [i]);
    }
    const at = employerKey(records[i]!);
    if (at !== '') bump(employer, at);
    if (f === '' || l === '') continue;
    const name = (names[i] = `${f} ${l}`);
    bump(fullName, name);
    if (at !== '') {
      bump(givenAt, `${at}\u0001${f}`);
      bump(familyAt, `${at}\u0001${l}`);
      bump(nameAt, `${at}\u0001${name}`);
    }
    const org = m[ORG]!;
    if (org !== '' && email !== '' && !isRoleEmail(email)) {
      const key = `${org}\u0001${name}`;
      const seen = mailboxes.get(key);
      if (seen === undefined) mailboxes.set(key, email);
      else if (seen !== email) mailboxes.set(key, '*');
    }
  }

  const isRare = (count: number | undefined) => (count ?? 0) <= RARE_COUNT;
  // Given names that are a slip of a far more frequent one (spelling-variants.ts): in a large
  // table a typo recurs beyond RARE_COUNT, and is still a typo, not a second person's name.
  // Only names above RARE_COUNT are asked about: the rarer ones count as typos already.
  const slips = spellingVariants(given, oneOffShare(given), RARE_COUNT + 1);
  const rareGiven = (form: string) => isRare(given.get(form)) || slips.has(form);
  const established = (form: string) => form.length > 1 && !rareGiven(form);
  /**
   * Two records that are certainly two people by their given names: both are established names
   * in the table (not typos, nicknames or initials, which the table's counts cannot vouch for)
   * and they differ, as written and with nicknames mapped ("Jan" / "Jana", "John" / "Mary").
   * Family names do not count: one person's changes with marriage.
   */
  const twoPeople = (a: PreparedRecord, b: PreparedRecord): boolean => {
    const [x, y] = [firstToken(a.match[F]!), firstToken(b.match[F]!)];
    if (x === y || !established(x) || !established(y)) return false;
    const [rx, ry] = [firstToken(nameMatchForm(a.values[FIRST_VALUE])), firstToken(nameMatchForm(b.values[FIRST_VALUE]))];
    return rx !== ry && !isShortening(rx, ry) && !isShortening(ry, rx);
  };
  /** A value on records of two people: it identifies a group (a team, a household), not a person. */
  const shared = (members: readonly number[]): boolean => {
    const named: PreparedRecord[] = [];
    const seen = new Set<string>();
    for (const i of members) {
      const r = records[i]!;
      const f = firstToken(r.match[F]!);
      if (f === '' || seen.has(f)) continue;
      seen.add(f);
      for (const other of named) if (twoPeople(r, other)) return true;
      named.push(r);
      if (named.length >= MAX_SIGNATURES) return true;
    }
    return false;
  };

  const sharedEmails = new Set<string>();
  let roleEmails = 0;
  for (const [email, members] of emails) {
    if (isRoleEmail(email)) roleEmails++;
    else if (members.length > 1 && shared(members)) sharedEmails.add(email);
  }
  const sharedPhones = new Set<string>();
  for (const [phone, members] of phones) if (members.length > 1 && shared(members)) sharedPhones.add(phone);
  const phoneEmployer = new Map<string, string>();
  for (const phone of sharedPhones) {
    const at = switchboardOf(phones.get(phone)!.map((i) => records[i]!));
    if (at !== '') phoneEmployer.set(phone, at);
  }

  let rareGivenNames = 0;
  for (const [form, count] of given) if (count <= RARE_COUNT || slips.has(form)) rareGivenNames++;
  let commonNames = 0;
  const id = ++derivations;
  const slot = {
    email: MATCH_INDEX.email_personal,
    phone: MATCH_INDEX.phone_personal,
    first: MATCH_INDEX.first_rare,
    last: MATCH_INDEX.last_rare,
    distinct: MATCH_INDEX.name_distinct,
    rare: MATCH_INDEX.name_rare,
  };
  for (let i = 0; i < n; i++) {
    if (i % PROFILE_SLICE === PROFILE_SLICE - 1) yield;
    const r = records[i]!;
    const m = r.match;
    DERIVED.set(m, id);
    const email = m[EMAIL]!;
    m[slot.email] = email !== '' && !isRoleEmail(email) && !sharedEmails.has(email) ? email : '';
    const phone = m[PHONE]!;
    m[slot.phone] = sharedPhones.has(phone) ? '' : phone;
    const fullFirst = m[F]!;
    const f = firstToken(fullFirst);
    const l = m[L]!;
    m[slot.first] = f !== '' && rareGiven(f) ? fullFirst : '';
    m[slot.last] = l !== '' && isRare(family.get(l)) ? l : '';
    if (f === '' || l === '' || f.length === 1) {
      m[slot.distinct] = '';
      m[slot.rare] = '';
      if (expected) expected[i] = NaN;
      if (tableExpected) tableExpected[i] = NaN;
      continue;
    }
    const name = names[i]!;
    const same = fullName.get(name) ?? 0;
    // Frequencies of the given and family name among *other* names: the records carrying this
    // very name are what we want to judge, so they do not count towards its commonness.
    const otherGiven = (given.get(f) ?? 0) - same;
    const otherFamily = (family.get(l) ?? 0) - same;
    let namesakes = (otherGiven * otherFamily) / Math.max(1, n);
    const tableNamesakes = namesakes;
    if (tableExpected) tableExpected[i] = namesakes;
    // A record that names no employer but carries an employer's switchboard is judged there: its
    // namesakes are that employer's people, not the whole table's.
    const at = employerKey(r) || (phoneEmployer.get(phone) ?? '');
    if (at !== '') {
      const size = employer.get(at) ?? 0;
      const sameAt = nameAt.get(`${at}\u0001${name}`) ?? 0;
      const pGiven = ((givenAt.get(`${at}\u0001${f}`) ?? 0) - sameAt + (PRIOR_RECORDS * otherGiven) / Math.max(1, n)) / (size + PRIOR_RECORDS);
      const pFamily = ((familyAt.get(`${at}\u0001${l}`) ?? 0) - sameAt + (PRIOR_RECORDS * otherFamily) / Math.max(1, n)) / (size + PRIOR_RECORDS);
      namesakes = Math.max(namesakes * (size / Math.max(1, n)), size * pGiven * pFamily);
    }
    if (expected) expected[i] = namesakes;
    const org = m[ORG]!;
    const twoMailboxes = org !== '' && mailboxes.get(`${org}\u0001${name}`) === '*';
    const common = namesakes >= COMMON_EXPECTED || twoMailboxes;
    if (common) commonNames++;
    m[slot.distinct] = common ? '' : '1';
    m[slot.rare] = n >= RARE_NAME_MIN_RECORDS && !twoMailboxes && tableNamesakes < RARE_NAME_EXPECTED ? '1' : '';
  }
  return { id, records: n, roleEmails, sharedEmails: sharedEmails.size, sharedPhones: sharedPhones.size, rareGivenNames, commonNames };
}
