// Declarative match rules. A rule is a condition tree over field comparisons; a pair of
// records matches when any selected rule holds. The same tree compiles to an in-memory matcher
// (match.ts) and to SQL (sql-compile.ts), so a rule a person approved in the HITL question is
// exactly what runs, wherever it runs.
import type { MatchField } from './prepare';

export type Sides = {
  field: MatchField;
  /** Compare the left record's `field` with the right record's `against` (e.g. swapped names). */
  against?: MatchField;
};

export type Comparison =
  | (Sides & { method: 'exact' })
  | (Sides & { method: 'jaro_winkler'; threshold: number })
  | (Sides & { method: 'token_set'; threshold: number })
  | (Sides & { method: 'date'; maxDays?: number; maxDigitDiffs?: number; dayMonthSwap?: boolean })
  | (Sides & { method: 'numeric'; maxDiff: number })
  /**
   * Equal, or one starts with the other, spaces ignored, the shorter at least minLength long:
   * "redpeak" / "Redpeak Manufacturing", or a company and the organisation of a work address
   * ("oakpoint energy" / "oakpointenergy").
   */
  | (Sides & { method: 'prefix'; minLength: number })
  /** At most one insertion, deletion, substitution or swap of neighbours apart (short names, where Jaro-Winkler is coarse). */
  | (Sides & { method: 'edit_distance'; max: 1 })
  /**
   * The field is filled in: on the left record, the right one, both or either; or not on both
   * (`not_both`: a value that cannot conflict because one side lacks it). The only test that reads
   * one side alone — for the table's evidence columns ("this name is rare", "this name is
   * distinctive") and for "no conflicting value", not for matching raw values.
   */
  | { field: MatchField; method: 'present'; side: PresentSide };

export type PresentSide = 'left' | 'right' | 'both' | 'either' | 'not_both';

/** A missing value on either side never agrees, so rules never match on absent data. */
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { atLeast: number; of: Condition[] };

export type Rule = {
  id: string;
  label: string;
  description?: string;
  when: Condition;
  /** Contrary evidence: the rule does not hold for a pair this holds for, whatever `when` says. */
  unless?: Condition;
};

export const exact = (field: MatchField, against?: MatchField): Comparison => ({ field, method: 'exact', ...(against ? { against } : {}) });
export const jw = (field: MatchField, threshold: number, against?: MatchField): Comparison => ({ field, method: 'jaro_winkler', threshold, ...(against ? { against } : {}) });
export const tokens = (field: MatchField, threshold: number): Comparison => ({ field, method: 'token_set', threshold });
export const prefix = (field: MatchField, minLength: number, against?: MatchField): Comparison => ({ field, method: 'prefix', minLength, ...(against ? { against } : {}) });
export const oneEdit = (field: MatchField, against?: MatchField): Comparison => ({ field, method: 'edit_distance', max: 1, ...(against ? { against } : {}) });
export const present = (field: MatchField, side: PresentSide = 'both'): Comparison => ({ field, method: 'present', side });

/**
 * Dates of birth agree when equal, one keystroke apart, or with day and month swapped: the
 * usual ways a date is mistyped, none of which makes two different people's dates agree often.
 */
export const dobAgrees = (): Comparison => ({ field: 'dob', method: 'date', maxDigitDiffs: 1, dayMonthSwap: true });

/**
 * Given and family name swapped between the fields on one side: each side's given name against
 * the other's family name read as a given name (nicknames mapped: "Smith" / "Bob" ↔ "Robert Smith").
 */
function swapped(threshold: number): Condition {
  return { all: [jw('first_name', threshold, 'last_given'), jw('last_given', threshold, 'first_name')] };
}

/** Given and family name both similar, in either order (sources swap the two name fields). */
export function fuzzyName(threshold: number): Condition {
  return { any: [{ all: [jw('first_name', threshold), jw('last_name', threshold)] }, swapped(threshold)] };
}

/** One name part similar in either position: evidence that survives a missing or garbled part. */
function namePart(threshold: number): Condition {
  return {
    any: [jw('first_name', threshold), jw('last_name', threshold), jw('first_name', threshold, 'last_name'), jw('last_name', threshold, 'first_name')],
  };
}

/**
 * Given names compatible: similar, or one an initial or a shortening of the other ("K." /
 * "Klaus", "Chris" / "Christopher"). Names are compared after nicknames are mapped (Bob → Robert).
 */
export function givenName(threshold: number): Condition {
  return { any: [jw('first_name', threshold), prefix('first_name', 1), swapped(threshold)] };
}

const eitherRare = (field: 'first_rare' | 'last_rare'): Condition => present(field, 'either');

/**
 * Given names that can be one person's, judged with the table's name frequencies (profile.ts):
 * equal once nicknames are mapped, an initial and a name it begins, or spellings that are similar
 * (Jaro-Winkler ≥ threshold, or one edit apart for short names) when one of them is rare — a
 * typo, not a second established name ("Jan" / "Jana", "Tomáš" / "Thomas" are two people).
 */
export function givenAgrees(threshold: number): Condition {
  return {
    any: [
      exact('first_name'),
      prefix('first_initial', 1, 'first_name'),
      prefix('first_name', 1, 'first_initial'),
      { all: [{ any: [jw('first_name', threshold), oneEdit('first_short')] }, eitherRare('first_rare')] },
    ],
  };
}

/** Family names that can be one person's: equal, equal without particles ("van den Berg" / "Berg"), or similar with one of them rare. */
export function familyAgrees(threshold: number): Condition {
  return { any: [exact('last_name'), exact('last_core'), { all: [jw('last_name', threshold), eitherRare('last_rare')] }] };
}

/** Both names of one person: given and family name agree (givenAgrees, familyAgrees), or the two are swapped on one side. */
export function namesAgree(threshold: number): Condition {
  return { any: [{ all: [givenAgrees(threshold), familyAgrees(threshold)] }, swapped(threshold)] };
}

/**
 * The same employer: company names similar or one a shortening of the other ("Redpeak" /
 * "Redpeak Manufacturing Inc."), their first words nearly equal (a typo: "Stonemawrk Energy" /
 * "Stonemark"), or one side's work address at a domain named like the other's company
 * ("…@oakpointenergy.com.au" / "Oakpoint Energy Pty Ltd"); free-mail domains say nothing.
 */
export const sameEmployer: Condition = {
  any: [jw('company', 0.9), prefix('company', 4), prefix('company', 4, 'email_org'), prefix('email_org', 4, 'company'), jw('company_head', 0.93)],
};

const sameStreet: Condition = { any: [tokens('address', 0.5), jw('address_1', 0.9)] };
const samePlace: Condition = { any: [exact('postcode'), jw('city', 0.9)] };

/**
 * Evidence that names an employer or a household rather than a person — a company, a role
 * mailbox, a switchboard or family line — joins two records only when their names agree and the
 * name is distinctive (profile.ts: namesakes are not to be expected at that employer or in the
 * table). Colleagues who share info@ or a switchboard, and namesakes at one employer, stay apart.
 */
const distinctName: Condition = present('name_distinct', 'both');

/** Identifiers that tell two people apart when both records have them and they differ. */
const noConflict: Condition[] = [
  { any: [dobAgrees(), present('dob', 'not_both')] },
  { any: [exact('national_id'), present('national_id', 'not_both')] },
];

/** The same name, spelled alike: nicknames mapped and surname particles ignored, either order, but no typo allowed. */
const sameName: Condition = {
  any: [
    { all: [exact('first_name'), { any: [exact('last_name'), exact('last_core')] }] },
    { all: [exact('first_name', 'last_given'), exact('last_given', 'first_name')] },
  ],
};

/**
 * The default rule set (issue 6: exact email, normalised phone, fuzzy name + company, address
 * or date of birth), plus two evidence rules for people data without emails or phones. Issue 14
 * made the CRM rules hold as the table grows: a shared value (role mailbox, an address or phone
 * on several people's records) is never enough on its own, and name + employer needs a
 * distinctive name.
 */
export const DEFAULT_RULES: Rule[] = [
  {
    id: 'email',
    label: 'Same email address',
    description:
      'Canonical email equal (case, Gmail dots and +tags ignored) and the address one person\'s. A role mailbox (info@, sales@, fakturace@ …) or an address the data ' +
      'shows on records of different people (a family or team address) also needs both names to agree and the name to be distinctive at that employer.',
    when: { any: [exact('email_personal'), { all: [exact('email_canonical'), namesAgree(0.85), distinctName] }] },
  },
  {
    id: 'phone',
    label: 'Same phone number',
    description:
      'Phone number equal (national number; country codes and formatting ignored) and the given name compatible (Jaro-Winkler ≥ 0.8, or an initial). ' +
      'A number the data shows on records of different people (a switchboard or family line) also needs both names to agree and the name to be distinctive.',
    when: { any: [{ all: [exact('phone_personal'), givenName(0.8)] }, { all: [exact('phone'), namesAgree(0.85), distinctName] }] },
  },
  { id: 'name_dob', label: 'Similar name + date of birth', description: 'Given and family name Jaro-Winkler ≥ 0.85 (either order) and date of birth equal, one digit apart or day/month swapped.', when: { all: [fuzzyName(0.85), dobAgrees()] } },
  { id: 'name_address', label: 'Similar name + address', description: 'Names Jaro-Winkler ≥ 0.85, street similar and same postcode or city.', when: { all: [fuzzyName(0.85), sameStreet, samePlace] } },
  {
    id: 'name_company',
    label: 'Similar name + company',
    description:
      'Both names agree (Jaro-Winkler ≥ 0.9 where one spelling is rare, nicknames, an initial, a lost surname particle, either order) and the same employer: ' +
      'company Jaro-Winkler ≥ 0.9, one company name a shortening of the other, or a work e-mail domain named like the other\'s company; and the name is ' +
      'distinctive at that employer (namesakes not to be expected from the given- and family-name frequencies the data shows). Not when both have ' +
      'different addresses at one organisation\'s domain (namesakes at one employer).',
    when: { all: [namesAgree(0.9), sameEmployer, distinctName] },
    // Two personal mailboxes at one organisation are two people; a role mailbox says nothing.
    unless: { all: [exact('email_org'), present('email_personal', 'both')] },
  },
  {
    id: 'name_rare',
    label: 'Same rare name',
    description:
      'The same given and family name (nicknames and a lost surname particle allowed, either order; no typos) and the full name rare in the ' +
      'whole table: fewer than one namesake in fifty expected from the given- and family-name frequencies the data shows, in a table of at ' +
      'least 1,000 rows. Joins a person\'s rows that share nothing else (a personal address on one, a work address on the other); not when ' +
      'both name employers that do not agree, have different mailboxes at one organisation, or different dates of birth or national ids. In a table dense with common names it matches nothing.',
    when: { all: [sameName, present('name_rare', 'both'), { any: [sameEmployer, present('no_employer', 'either')] }, ...noConflict] },
    unless: { all: [exact('email_org'), present('email_personal', 'both')] },
  },
  {
    id: 'national_id',
    label: 'Same national id + one more field',
    description: 'National id equal and a name part or the date of birth agrees (a typo in an id is then not enough to merge).',
    when: { all: [exact('national_id'), { any: [namePart(0.8), dobAgrees()] }] },
  },
  {
    id: 'evidence',
    label: 'Most fields agree',
    description: 'At least 5 of: given name, family name, street number, street, suburb/city, postcode, date of birth, national id, personal email, personal phone.',
    when: {
      atLeast: 5,
      of: [jw('first_name', 0.85), jw('last_name', 0.85), exact('street_number'), jw('address_1', 0.85), jw('city', 0.85), exact('postcode'), dobAgrees(), exact('national_id'), exact('email_personal'), exact('phone_personal')],
    },
  },
];

/** Every field a rule reads, in its condition or its exception. */
export function ruleFields(rule: Rule): Set<MatchField> {
  return new Set([...conditionFields(rule.when), ...(rule.unless ? conditionFields(rule.unless) : [])]);
}

/** Every field a condition reads, on either side. */
export function conditionFields(condition: Condition): Set<MatchField> {
  const fields = new Set<MatchField>();
  const visit = (c: Condition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('atLeast' in c) c.of.forEach(visit);
    else {
      fields.add(c.field);
      if ('against' in c && c.against) fields.add(c.against);
    }
  };
  visit(condition);
  return fields;
}

export class RuleError extends Error {
  override readonly name = 'RuleError';
  constructor(message: string, readonly rule?: Rule) {
    super(message);
  }
}
