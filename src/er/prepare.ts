// A source record → a prepared record: cleaned display values (for golden records and
// reports) and comparison forms (for blocking, rules and the SQL table the rules run on).
import { companyMatchForm, addressMatchForm, cleanPostcode, postcodeMatchForm } from './normalize-address';
import { dateMatchForm, normaliseDate, type DateOptions } from './normalize-date';
import { canonicalEmail, emailOrganisation, normaliseEmail } from './normalize-email';
import { cleanName, givenNameMatchForm, nameMatchForm, splitFullName } from './normalize-name';
import { callingCode, isPlaceholderPhone, phoneDigits, phoneMatchForm, toE164 } from './normalize-phone';
import { countryMatchForm, regionMatchForm } from './normalize-region';
import { CANONICAL_FIELDS, type CanonicalField, type SourceRecord } from './schema';
import { asText, collapseWhitespace, matchText } from './text';

/** The comparison forms rules and blocking passes refer to. */
export const MATCH_FIELDS = [
  'first_name', 'last_name', 'email', 'email_canonical', 'phone', 'company', 'street_number', 'address_1',
  'address_2', 'address', 'city', 'postcode', 'state', 'country', 'dob', 'national_id', 'email_org',
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
  const raw = (field: CanonicalField): unknown => record.fields[field];
  // A source with only "Name" still gets given/family names for the name rules.
  const split = asText(raw('first_name')) === '' && asText(raw('last_name')) === '' ? splitFullName(raw('full_name')) : undefined;
  const first = split ? split.first : raw('first_name');
  const last = split ? split.last : raw('last_name');
  // A national phone number belongs to the record's country when it has one ("Czech Republic"
  // → +420); the source's default country code only stands in for records without one.
  const country = countryMatchForm(raw('country'));
  const phoneCountry = callingCode(country) ?? options.defaultCountryCode;

  const values: Record<CanonicalField, string> = {
    first_name: cleanName(first),
    last_name: cleanName(last),
    full_name: '',
    email: normaliseEmail(raw('email')),
    phone: toE164(raw('phone'), phoneCountry) || plainPhone(raw('phone')),
    company: collapseWhitespace(asText(raw('company'))),
    street_number: collapseWhitespace(asText(raw('street_number'))),
    address_1: collapseWhitespace(asText(raw('address_1'))),
    address_2: collapseWhitespace(asText(raw('address_2'))),
    city: collapseWhitespace(asText(raw('city'))),
    postcode: cleanPostcode(raw('postcode')),
    state: collapseWhitespace(asText(raw('state'))),
    country: collapseWhitespace(asText(raw('country'))),
    dob: normaliseDate(raw('dob'), options.dates),
    national_id: collapseWhitespace(asText(raw('national_id'))),
    updated_at: timestamp(raw('updated_at')),
  };
  values.full_name = cleanName(raw('full_name')) || [values.first_name, values.last_name].filter(Boolean).join(' ');

  const match: Record<MatchField, string> = {
    first_name: givenNameMatchForm(first),
    last_name: nameMatchForm(last),
    email: values.email,
    email_canonical: canonicalEmail(raw('email')),
    phone: phoneMatchForm(raw('phone'), phoneCountry),
    company: companyMatchForm(raw('company')),
    street_number: matchText(raw('street_number')),
    address_1: addressMatchForm(raw('address_1')),
    address_2: addressMatchForm(raw('address_2')),
    address: addressMatchForm([raw('street_number'), raw('address_1'), raw('address_2')].map(asText).join(' ')),
    city: matchText(raw('city')),
    postcode: postcodeMatchForm(raw('postcode')),
    state: regionMatchForm(raw('state')),
    country,
    dob: dateMatchForm(raw('dob'), options.dates),
    // Identifiers compare without their formatting ("123-45-6789" = "123456789").
    national_id: matchText(raw('national_id')).replace(/ /g, ''),
    email_org: emailOrganisation(raw('email')),
  };
  return {
    source: record.source,
    id: record.id,
    values: CANONICAL_FIELDS.map((f) => values[f]),
    match: MATCH_FIELDS.map((f) => match[f]),
  };
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
