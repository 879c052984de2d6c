// Text primitives shared by every normaliser. Comparison forms are ASCII-folded, lower-case,
// single-spaced strings so that the in-memory comparators and the SQL compiled from the same
// rules (sql-sqlite.ts) see exactly the same characters: SQLite's length/substr count
// characters and JavaScript counts UTF-16 units, which agree once astral symbols are removed.

const NON_ASCII = /[^\u0000-\u007f]/;
// Letters NFKD does not decompose.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D' };

/** Strips diacritics (é → e, ß → ss, æ → ae) so "José" and "Jose" compare equal. */
export function foldAccents(value: string): string {
  // Most CRM text is plain ASCII; skipping NFKD for it halves the cost of preparing a record.
  if (!NON_ASCII.test(value)) return value;
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæÆœŒøØłŁđĐ]/g, (ch) => LETTERS[ch] ?? ch);
}

export function collapseWhitespace(value: string): string {
  return isCollapsed(value) ? value : value.replace(/\s+/g, ' ').trim();
}

/**
 * Whether an ASCII value already has single spaces between words and none at the ends: the
 * usual case for cleaned CSV cells, read without the regex replace and trim (and their copies).
 * Anything non-ASCII takes the regex path, which knows every Unicode space.
 */
function isCollapsed(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c > 127 || (c >= 9 && c <= 13)) return false;
    if (c === 32 && (i === 0 || i === last || value.charCodeAt(i - 1) === 32)) return false;
  }
  return true;
}

/**
 * The comparison form of free text: folded, lower-case, punctuation turned into spaces,
 * only letters, digits and single spaces left.
 */
export function matchText(value: unknown): string {
  const text = asText(value);
  if (text === '') return '';
  if (!NON_ASCII.test(text)) return asciiMatchText(text.toLowerCase());
  return collapseWhitespace(foldAccents(text).toLowerCase().replace(/[^\p{L}\p{N}]+|[\u{10000}-\u{10FFFF}]/gu, ' '));
}

// In ASCII the only letters and digits are [a-z0-9] once lower-cased, and a replaced run leaves
// single spaces, so the Unicode-class path above reduces to this; most values (Febrl's all) are
// already a comparison form and are returned as they are.
const ASCII_FORM = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
function asciiMatchText(lower: string): string {
  return ASCII_FORM.test(lower) ? lower : lower.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Whatever a CSV cell or JSON value holds, as trimmed text ('' when missing). */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return '';
}

/** The first word of a comparison form (the whole form when it has one). */
export function firstToken(form: string): string {
  const space = form.indexOf(' ');
  return space < 0 ? form : form.slice(0, space);
}

/** Distinct whitespace-separated tokens of a comparison form. */
export function tokenSet(value: string): Set<string> {
  return new Set(value === '' ? [] : value.split(' '));
}

/** "mary-ann o'BRIEN" → "Mary-Ann O'Brien": display casing for cleaned names and places. */
export function titleCase(value: string): string {
  const text = collapseWhitespace(value).toLowerCase();
  if (NON_ASCII.test(text)) return text.replace(/(^|[\s\-'’.(])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  // ASCII (every name in most tables): the same rule read in place — a letter at the start or
  // after a space, hyphen, apostrophe, full stop or parenthesis is upper-cased.
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) continue;
    const before = i === 0 ? 32 : text.charCodeAt(i - 1);
    if (before !== 32 && before !== 45 && before !== 39 && before !== 46 && before !== 40) continue;
    out += text.slice(from, i) + String.fromCharCode(c - 32);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
