// Declarative match rules. A rule is a condition tree over field comparisons; a pair of
// records matches when any selected rule holds. The same tree compiles to an in-memory matcher
// (match.ts) and to SQL (sql-compile.ts), so a rule a person approved in the HITL question is
// exactly what runs, wherever it runs.
import type { MatchField } from './prepare';

type Sides = {
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
  | (Sides & { method: 'prefix'; minLength: number });

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

/**
 * Dates of birth agree when equal, one keystroke apart, or with day and month swapped: the
 * usual ways a date is mistyped, none of which makes two different people's dates agree often.
 */
export const dobAgrees = (): Comparison => ({ field: 'dob', method: 'date', maxDigitDiffs: 1, dayMonthSwap: true });

/** Given and family name both similar, in either order (sources swap the two name fields). */
export function fuzzyName(threshold: number): Condition {
  return {
    any: [
      { all: [jw('first_name', threshold), jw('last_name', threshold)] },
      { all: [jw('first_name', threshold, 'last_name'), jw('last_name', threshold, 'first_name')] },
    ],
  };
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
  return {
    any: [
      jw('first_name', threshold),
      prefix('first_name', 1),
      // The source swapped given and family name: both must cross-agree.
      { all: [jw('first_name', threshold, 'last_name'), jw('last_name', threshold, 'first_name')] },
    ],
  };
}

/**
 * The same employer: company names similar or one a shortening of the other ("Redpeak" /
 * "Redpeak Manufacturing Inc."), or one side's work address at a domain named like the other's
 * company ("…@oakpointenergy.com.au" / "Oakpoint Energy Pty Ltd"); free-mail domains say nothing.
 */
export const sameEmployer: Condition = {
  any: [jw('company', 0.9), prefix('company', 4), prefix('company', 4, 'email_org'), prefix('email_org', 4, 'company')],
};

const sameStreet: Condition = { any: [tokens('address', 0.5), jw('address_1', 0.9)] };
const samePlace: Condition = { any: [exact('postcode'), jw('city', 0.9)] };

/**
 * The default rule set (issue 6: exact email, normalised phone, fuzzy name + company, address
 * or date of birth), plus two evidence rules for people data without emails or phones.
 */
export const DEFAULT_RULES: Rule[] = [
  { id: 'email', label: 'Same email address', description: 'Canonical email equal (case, Gmail dots and +tags ignored).', when: exact('email_canonical') },
  {
    id: 'phone',
    label: 'Same phone number',
    description:
      'Phone number equal (national number; country codes and formatting ignored) and the given name compatible (Jaro-Winkler ≥ 0.8, or an initial), ' +
      'so a shared switchboard or family line does not merge everyone on it.',
    when: { all: [exact('phone'), givenName(0.8)] },
  },
  { id: 'name_dob', label: 'Similar name + date of birth', description: 'Given and family name Jaro-Winkler ≥ 0.85 (either order) and date of birth equal, one digit apart or day/month swapped.', when: { all: [fuzzyName(0.85), dobAgrees()] } },
  { id: 'name_address', label: 'Similar name + address', description: 'Names Jaro-Winkler ≥ 0.85, street similar and same postcode or city.', when: { all: [fuzzyName(0.85), sameStreet, samePlace] } },
  {
    id: 'name_company',
    label: 'Similar name + company',
    description:
      'Names Jaro-Winkler ≥ 0.9 (or an initial and the family name) and the same employer: company Jaro-Winkler ≥ 0.9, one company name a shortening of the other, ' +
      'or a work e-mail domain named like the other\'s company. Not when both have different addresses at one organisation\'s domain (namesakes at one employer).',
    when: { all: [{ any: [fuzzyName(0.9), { all: [jw('last_name', 0.9), prefix('first_name', 1)] }] }, sameEmployer] },
    unless: exact('email_org'),
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
    description: 'At least 5 of: given name, family name, street number, street, suburb/city, postcode, date of birth, national id, email, phone.',
    when: {
      atLeast: 5,
      of: [jw('first_name', 0.85), jw('last_name', 0.85), exact('street_number'), jw('address_1', 0.85), jw('city', 0.85), exact('postcode'), dobAgrees(), exact('national_id'), exact('email_canonical'), exact('phone')],
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
      if (c.against) fields.add(c.against);
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
