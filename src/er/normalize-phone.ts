// Phone numbers: digits only, and E.164 ("+" country code subscriber number) when the country
// can be told, either from the number itself (+…, 00…) or from a default country code.

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

/** "(415) 555-0100 ext. 12" → "4155550100". */
export function phoneDigits(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return String(value).replace(EXTENSION, '').replace(/\D/g, '');
}

/**
 * E.164 form, or '' when the number cannot be placed (no "+"/"00" prefix and no default
 * country) or has an impossible length (E.164 allows at most 15 digits; real numbers have at
 * least 7). `defaultCountryCode` is the calling code without "+", e.g. "1", "44", "61".
 */
export function toE164(value: unknown, defaultCountryCode?: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const text = String(value).trim();
  let digits = phoneDigits(text);
  if (digits === '') return '';
  const cc = defaultCountryCode?.replace(/\D/g, '') ?? '';
  if (!text.startsWith('+')) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (cc === '1' && digits.startsWith('011')) digits = digits.slice(3);
    else if (cc === '') return '';
    else digits = withCountryCode(digits, cc);
  }
  return digits.length >= 7 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : '';
}

function withCountryCode(digits: string, cc: string): string {
  // North America has no trunk prefix; a leading 1 on an 11-digit number is the country code.
  if (cc === '1') return digits.length === 11 && digits.startsWith('1') ? digits : `1${digits}`;
  // Elsewhere a leading 0 is the national trunk prefix, dropped in international form.
  if (digits.startsWith('0')) return cc + digits.replace(/^0+/, '');
  // Already carries the country code when it starts with it and is too long to be national.
  if (digits.startsWith(cc) && digits.length >= cc.length + 9) return digits;
  return cc + digits;
}

/** Comparison form: E.164 when possible, otherwise the bare digits of a plausible number. */
export function phoneMatchForm(value: unknown, defaultCountryCode?: string): string {
  const e164 = toE164(value, defaultCountryCode);
  if (e164 !== '') return e164;
  const digits = phoneDigits(value);
  return digits.length >= 7 ? digits : '';
}
