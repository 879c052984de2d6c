// Phone numbers: digits only, and E.164 ("+" country code subscriber number) when the country
// can be told, either from the number itself (+…, 00…), from the record's country, or from a
// default country code. The comparison form is the national significant number (the digits
// after the country code, without a trunk "0"), so a number written nationally in one source
// and internationally in another compares equal even when its country could not be told.

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

/** "(415) 555-0100 ext. 12" → "4155550100". */
export function phoneDigits(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return String(value).replace(EXTENSION, '').replace(/\D/g, '');
}

/**
 * What people type into a required phone field when they have none to give: one digit repeated
 * ("000-000-0000", "9999999") or a run of consecutive digits ("1234567890"). Never a number.
 */
export function isPlaceholderPhone(digits: string): boolean {
  if (digits.length === 0) return false;
  if (/^(\d)\1*$/.test(digits)) return true;
  return '01234567890'.includes(digits) || '98765432109'.includes(digits);
}

/**
 * E.164 form, or '' when the number cannot be placed (no "+"/"00" prefix and no country code to
 * assume), is a placeholder, or has an impossible length (E.164 allows at most 15 digits; real
 * numbers have at least 7). `defaultCountryCode` is the calling code without "+", e.g. "1",
 * "44", "61" — the record's country (callingCode) when known, else the source's default. A
 * national number that cannot be a North American one (NANP: ten digits, area code and exchange
 * not starting with 0 or 1) is not given "+1": "0309 473766" or a 9-digit European number typed
 * into a US-default CRM is left unplaced rather than turned into a wrong, matching-breaking +1.
 */
export function toE164(value: unknown, defaultCountryCode?: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const text = String(value).trim();
  let digits = phoneDigits(text);
  if (digits === '' || isPlaceholderPhone(digits)) return '';
  const cc = defaultCountryCode?.replace(/\D/g, '') ?? '';
  if (!text.startsWith('+')) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (cc === '1' && digits.startsWith('011')) digits = digits.slice(3);
    else if (cc === '') return '';
    else {
      digits = withCountryCode(digits, cc);
      if (cc === '1' && !NANP.test(digits)) return '';
    }
  }
  return digits.length >= 7 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : '';
}

/** "1" + a ten-digit North American number whose area code and exchange start with 2–9. */
const NANP = /^1[2-9]\d{2}[2-9]\d{6}$/;

function withCountryCode(digits: string, cc: string): string {
  // North America has no trunk prefix; a leading 1 on an 11-digit number is the country code.
  if (cc === '1') return digits.length === 11 && digits.startsWith('1') ? digits : `1${digits}`;
  // Elsewhere a leading 0 is the national trunk prefix, dropped in international form.
  if (digits.startsWith('0')) return cc + digits.replace(/^0+/, '');
  // Already carries the country code when it starts with it and is too long to be national.
  if (digits.startsWith(cc) && digits.length >= cc.length + 9) return digits;
  return cc + digits;
}

// ITU-T E.164 country calling codes are prefix-free: these are the one- and two-digit ones;
// every other code has three digits. That is enough to split an E.164 number.
const ONE_DIGIT = new Set(['1', '7']);
const TWO_DIGIT = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52', '53',
  '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93',
  '94', '95', '98',
]);

/** "+420602123456" → "602123456": the number without its country calling code. */
export function nationalNumber(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  const length = ONE_DIGIT.has(digits.slice(0, 1)) ? 1 : TWO_DIGIT.has(digits.slice(0, 2)) ? 2 : 3;
  return digits.slice(length);
}

/**
 * Comparison form: one canonical key per number — the national significant number with any trunk
 * "0" removed, however the number was written. From the E.164 form when the number can be placed
 * ("+44 1610 869251", "+44 (0)1610 869251", "01610 869251" with country 44 all give "1610869251");
 * otherwise from the digits: an international number written without "+" (12+ digits starting
 * with a calling code) loses its code, a North American "1" before ten digits is dropped when the
 * default country is 1, and leading zeros go. So "+1 (084) 659-0164", "(084) 659 0164" and
 * "0846590164" — a number that cannot be North American, typed into a US-default CRM — share the
 * key "846590164". As libphonenumber's isNumberMatch, a number whose country is unknown on one side
 * matches on the national number; a clash between two countries' equal national numbers inside
 * one CRM is far less likely than the same number written two ways.
 */
export function phoneMatchForm(value: unknown, defaultCountryCode?: string): string {
  const e164 = toE164(value, defaultCountryCode);
  if (e164 !== '') return withoutTrunk(nationalNumber(e164));
  let digits = phoneDigits(value);
  if (digits.length < 7 || digits.length > 15 || isPlaceholderPhone(digits)) return '';
  const cc = defaultCountryCode?.replace(/\D/g, '') ?? '';
  if (cc === '1' && digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  else if (digits.length >= 12 && !digits.startsWith('0') && isCallingCodePrefix(digits)) digits = nationalNumber(`+${digits}`);
  return withoutTrunk(digits);
}

/** Trunk prefixes ("0" in most of Europe, written as "(0)" in international form) are not part of the key. */
function withoutTrunk(digits: string): string {
  return digits.replace(/^0+/, '');
}

const KNOWN_CODES = new Set<string>();

/** Whether the digits start with the calling code of a country the normaliser knows. */
function isCallingCodePrefix(digits: string): boolean {
  if (KNOWN_CODES.size === 0) for (const code of Object.values(CALLING_CODES)) KNOWN_CODES.add(code);
  return KNOWN_CODES.has(digits.slice(0, 3)) || KNOWN_CODES.has(digits.slice(0, 2)) || KNOWN_CODES.has(digits.slice(0, 1));
}

// Calling codes by ISO 3166 alpha-2 code (the comparison form of a country, normalize-region.ts).
const CALLING_CODES: Record<string, string> = {
  us: '1', ca: '1', gb: '44', ie: '353', au: '61', nz: '64', de: '49', at: '43', ch: '41', fr: '33', be: '32', nl: '31',
  lu: '352', es: '34', pt: '351', it: '39', cz: '420', sk: '421', pl: '48', hu: '36', ro: '40', bg: '359', hr: '385',
  si: '386', gr: '30', se: '46', no: '47', dk: '45', fi: '358', is: '354', ee: '372', lv: '371', lt: '370', ua: '380',
  tr: '90', il: '972', ae: '971', sa: '966', in: '91', cn: '86', jp: '81', kr: '82', sg: '65', hk: '852', tw: '886',
  my: '60', th: '66', ph: '63', id: '62', vn: '84', br: '55', mx: '52', ar: '54', cl: '56', co: '57', pe: '51', za: '27',
  ng: '234', ke: '254', eg: '20',
};

/** The calling code for a country comparison form ("cz" → "420"), or undefined. */
export function callingCode(country: string): string | undefined {
  return CALLING_CODES[country];
}
