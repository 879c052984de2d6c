// A source record → a prepared record: cleaned display values (for golden records and
// reports) and comparison forms (for blocking, rules and the SQL table the rules run on).
import { companyMatchForm, addressMatchForm, cleanPostcode, postcodeMatchForm } from './normalize-address';
import { dateForms, normaliseDate, type DateOptions } from './normalize-date';
import { canonicalOf, isRoleEmail, normaliseEmail, organisationOf } from './normalize-email';
import { familyFromEmail } from './name-from-email';
import { cleanName, familyCore, givenNameMatchForm, nameMatchForm, splitFullName } from './normalize-name';
import { callingCode, isPlaceholderPhone, phoneDigits, phoneMatchForm, toE164 } from './normalize-phone';
import { countryMatchForm, regionMatchForm } from './normalize-region';
import { CANONICAL_FIELDS, type CanonicalField, type SourceRecord } from './schema';
import { asText, collapseWhitespace, matchText } from './text';

/**
 * The comparison forms rules and blocking passes refer to. The last six are the table's own
 * evidence (profile.ts): prepareRecord gives them the values a record has on its own, and
 * deriveProfile rewrites them from the whole table before comparing.
 */
export const MATCH_FIELDS = [
  'first_name', 'last_name', 'email', 'email_canonical', 'phone', 'company', 'street_number', 'address_1',
  'address_2', 'address', 'city', 'postcode', 'state', 'country', 'dob', 'national_id', 'email_org',
  /** The family name read as a given name (nicknames mapped): for given and family name swapped between fields. */
  'last_given',
  /** The given name's letter when the given name is an initial ("J." → "j"), else ''. */
  'first_initial',
  /** The family name without leading particles or spaces ("van den berg" → "berg"): a lost or mistyped particle. */
  'last_core',
  /** The company's first word ("stonemark energy" → "stonemark"): the part typos are compared on. */
  'company_head',
  /** "1" when the record names no employer (no company, no work address), else '': a name alone may then join it to one that does. */
  'no_employer',
  /** The given name when short (at most SHORT_GIVEN letters), where one edit is compared instead of Jaro-Winkler, else ''. */
  'first_short',
  /** The canonical e-mail when it is one person's mailbox: not a role mailbox, not found on several people's records. */
  'email_personal',
  /** The phone when it is one person's line: not found on several people's records (switchboards, family lines). */
  'phone_personal',
  /** The given name when it is rare in the table (a typo or an uncommon name), else ''. */
  'first_rare',
  /** The family name when it is rare in the table, else ''. */
  'last_rare',
  /** "1" when the full name is distinctive at the record's employer and in the table (namesakes unlikely), else ''. */
  'name_distinct',
  /** "1" when the full name is rare in the whole table (a namesake anywhere in it unlikely), else ''. */
  'name_rare',
] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export const MATCH_INDEX = Object.fromEntries(MATCH_FIELDS.map((f, i) => [f, i])) as Record<MatchField, number>;
export const VALUE_INDEX = Object.fromEntries(CANONICAL_FIELDS.map((f, i) => [f, i])) as Record<CanonicalField, number>;

/**
 * Arrays rather than objects keep a 100,000-record resolver state small when it is serialised
 * between work units, and make field access in the comparison loop an index lookup.
 */
export type PreparedRecord = {
  source: string;
  id: string;
  /** Cleaned display values, by CANONICAL_FIELDS position ('' when missing). */
  values: string[];
  /** Comparison forms, by MATCH_FIELDS position ('' when missing). */
  match: string[];
};

export type PrepareOptions = {
  /** Calling code used to put national phone numbers in E.164 ("1", "44", "61") when the record has no country. */
  defaultCountryCode?: string;
  /** How ambiguous numeric dates are read. */
  dates?: DateOptions;
};

export function prepareRecord(record: SourceRecord, options: PrepareOptions = {}): PreparedRecord {
  // Named reads (one hidden class per source's rows), not a keyed read shared by every field.
  const raw = record.fields;
  // A source with only "Name" still gets given/family names for the name rules.
  const split = asText(raw.first_name) === '' && asText(raw.last_name) === '' ? splitFullName(raw.full_name) : undefined;
  const first = split ? split.first : raw.first_name;
  const last = split ? split.last : raw.last_name;
  // A national phone number belongs to the record's country when it has one ("Czech Republic"
  // → +420); the source's default country code only stands in for records without one.
  const country = countryMatchForm(raw.country);
  const phoneCountry = callingCode(country) ?? options.defaultCountryCode;

  // Filled by position (V, M) rather than built as objects and mapped: every record does this.
  const values = EMPTY_VALUES.slice();
  values[V.first_name] = cleanName(first);
  values[V.last_name] = cleanName(last);
  const email = normaliseEmail(raw.email);
  values[V.email] = email;
  values[V.phone] = toE164(raw.phone, phoneCountry) || plainPhone(raw.phone);
  values[V.company] = collapseWhitespace(asText(raw.company));
  values[V.street_number] = collapseWhitespace(asText(raw.street_number));
  values[V.address_1] = collapseWhitespace(asText(raw.address_1));
  values[V.address_2] = collapseWhitespace(asText(raw.address_2));
  values[V.city] = collapseWhitespace(asText(raw.city));
  values[V.postcode] = cleanPostcode(raw.postcode);
  values[V.state] = collapseWhitespace(asText(raw.state));
  values[V.country] = collapseWhitespace(asText(raw.country));
  const dob = dateForms(raw.dob, options.dates);
  values[V.dob] = dob.clean;
  values[V.national_id] = collapseWhitespace(asText(raw.national_id));
  values[V.updated_at] = timestamp(raw.updated_at);
  values[V.full_name] = cleanName(raw.full_name) || [values[V.first_name], values[V.last_name]].filter(Boolean).join(' ');

  const firstForm = givenNameMatchForm(first);
  // No family name ("Kate" alone): the one the record's address spells, if it does (name-from-email.ts).
  const lastForm = nameMatchForm(last) || familyFromEmail(nameMatchForm(first), email);
  const emailCanonical = canonicalOf(email);
  const emailOrg = organisationOf(email);
  const phoneForm = phoneMatchForm(raw.phone, phoneCountry);
  const companyForm = companyMatchForm(raw.company);
  const match = EMPTY_MATCH.slice();
  match[M.first_name] = firstForm;
  match[M.last_name] = lastForm;
  match[M.email] = email;
  match[M.email_canonical] = emailCanonical;
  match[M.phone] = phoneForm;
  match[M.company] = companyForm;
  match[M.street_number] = matchText(raw.street_number);
  match[M.address_1] = addressMatchForm(raw.address_1);
  match[M.address_2] = addressMatchForm(raw.address_2);
  match[M.address] = addressMatchForm([raw.street_number, raw.address_1, raw.address_2].map(asText).join(' '));
  match[M.city] = matchText(raw.city);
  match[M.postcode] = postcodeMatchForm(raw.postcode);
  match[M.state] = regionMatchForm(raw.state);
  match[M.country] = country;
  match[M.dob] = dob.match;
  // Identifiers compare without their formatting ("123-45-6789" = "123456789").
  match[M.national_id] = withoutSpaces(matchText(raw.national_id));
  match[M.email_org] = emailOrg;
  match[M.last_given] = lastForm.includes(' ') ? lastForm : givenNameMatchForm(lastForm);
  match[M.first_initial] = firstForm.length === 1 ? firstForm : '';
  match[M.last_core] = familyCore(lastForm);
  match[M.company_head] = companyHead(companyForm);
  match[M.no_employer] = companyForm === '' && emailOrg === '' ? '1' : '';
  match[M.first_short] = firstForm.length <= SHORT_GIVEN && !firstForm.includes(' ') ? firstForm : '';
  // What the record says on its own; deriveProfile (profile.ts) refines these from the table.
  match[M.email_personal] = emailCanonical !== '' && !isRoleEmail(emailCanonical) ? emailCanonical : '';
  match[M.phone_personal] = phoneForm;
  match[M.first_rare] = firstForm;
  match[M.last_rare] = lastForm;
  match[M.name_distinct] = firstForm !== '' && lastForm !== '' ? '1' : '';
  return { source: record.source, id: record.id, values, match };
}

const V = VALUE_INDEX;
const M = MATCH_INDEX;
const EMPTY_VALUES: readonly string[] = CANONICAL_FIELDS.map(() => '');
const EMPTY_MATCH: readonly string[] = MATCH_FIELDS.map(() => '');

/**
 * Given names up to this length compare by edit distance: Jaro-Winkler is coarse on them ("Jan" /
 * "Jna" 0.56), while on longer names one edit keeps it above the rules' thresholds anyway.
 */
const SHORT_GIVEN = 5;

function withoutSpaces(form: string): string {
  return form.includes(' ') ? form.replace(/ /g, '') : form;
}

/** A company's first word when it is long enough to name it (not "the", "a1"). */
function companyHead(form: string): string {
  const space = form.indexOf(' ');
  const head = space < 0 ? form : form.slice(0, space);
  return head.length >= 4 ? head : '';
}

/** Digits of a number that could not be placed; '' for placeholders such as 000-000-0000. */
function plainPhone(value: unknown): string {
  const digits = phoneDigits(value);
  return isPlaceholderPhone(digits) ? '' : digits;
}

/** ISO 8601 when the value parses as a date or timestamp, so recency compares as text. */
function timestamp(value: unknown): string {
  const text = asText(value);
  if (text === '') return '';
  const date = normaliseDate(text);
  if (date !== '' && text.length <= 10) return date;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

/** The comparison forms as a row object, e.g. for loading into the SQL workspace. */
export function matchRow(record: PreparedRecord): Record<MatchField, string> {
  return Object.fromEntries(MATCH_FIELDS.map((f, i) => [f, record.match[i] ?? ''])) as Record<MatchField, string>;
}

export function valueRow(record: PreparedRecord): Record<CanonicalField, string> {
  return Object.fromEntries(CANONICAL_FIELDS.map((f, i) => [f, record.values[i] ?? ''])) as Record<CanonicalField, string>;
}
