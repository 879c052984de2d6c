// Dates in the formats CRMs and spreadsheets export, to ISO 8601 (YYYY-MM-DD).

export type DateOptions = {
  /** How to read an ambiguous numeric date like 03/04/2020 (both parts ≤ 12). Default 'mdy'. */
  order?: 'dmy' | 'mdy';
  /** Two-digit years below this are 20yy, the rest 19yy. Default 30. */
  pivot?: number;
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

type Parts = { y: number; m: number; d: number };

/** '' when the value is not a real calendar date. */
export function normaliseDate(value: unknown, options: DateOptions = {}): string {
  return dateForms(value, options).clean;
}

/**
 * Comparison form: like normaliseDate, but a well-formed date with an impossible month or day
 * ("19319924", a one-digit typo of 19310924) keeps its YYYY-MM-DD shape, so a digit-difference
 * comparator can still see that it is one keystroke away from the other record's date.
 */
export function dateMatchForm(value: unknown, options: DateOptions = {}): string {
  return dateForms(value, options).match;
}

/** Both forms from one parse (a record needs both): the clean date and the comparison form. */
export function dateForms(value: unknown, options: DateOptions = {}): { clean: string; match: string } {
  const parts = parseParts(value, options);
  if (!parts) return NO_DATE;
  if (isValid(parts)) {
    const date = iso(parts);
    return { clean: date, match: date };
  }
  return { clean: '', match: parts.y >= 1000 && parts.y <= 2999 && parts.m > 0 && parts.d > 0 ? iso(parts) : '' };
}

const NO_DATE = { clean: '', match: '' } as const;

function parseParts(value: unknown, options: DateOptions): Parts | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { y: value.getUTCFullYear(), m: value.getUTCMonth() + 1, d: value.getUTCDate() };
  if (typeof value === 'number' && Number.isInteger(value)) value = String(value);
  if (typeof value !== 'string') return undefined;
  // YYYYMMDD (Febrl, compact exports) read in place: the same parts the regex below finds, without
  // the trimmed, lower-cased copy and the match array every record's date would cost.
  if (value.length === 8 && allDigits(value)) return { y: digitsAt(value, 0, 4), m: digitsAt(value, 4, 6), d: digitsAt(value, 6, 8) };
  const text = value.trim().toLowerCase();
  if (text === '') return undefined;

  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$/.exec(text);
  if (m) return { y: +m[1]!, m: +m[2]!, d: +m[3]! };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return { y: +m[1]!, m: +m[2]!, d: +m[3]! };
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[t\s].*)?$/.exec(text);
  if (m) return dayMonth(+m[1]!, +m[2]!, year(m[3]!, options), options);
  // "12 mar 1985", "12-mar-85", "12th of March 1985"
  m = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{2}|\d{4})$/.exec(text);
  if (m && month(m[2]!)) return { y: year(m[3]!, options), m: month(m[2]!)!, d: +m[1]! };
  // "march 12, 1985", "mar 12 1985"
  m = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2}|\d{4})$/.exec(text);
  if (m && month(m[1]!)) return { y: year(m[3]!, options), m: month(m[1]!)!, d: +m[2]! };
  return undefined;
}

function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number the ASCII digits text[from, to) spell. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

function dayMonth(a: number, b: number, y: number, options: DateOptions): Parts {
  if (a > 12) return { y, m: b, d: a };
  if (b > 12) return { y, m: a, d: b };
  return options.order === 'dmy' ? { y, m: b, d: a } : { y, m: a, d: b };
}

function year(text: string, options: DateOptions): number {
  if (text.length === 4) return +text;
  const yy = +text;
  return yy < (options.pivot ?? 30) ? 2000 + yy : 1900 + yy;
}

/** 1–12 for a full month name, its three-letter abbreviation or "sept". */
function month(name: string): number | undefined {
  const index = MONTHS.findIndex((full) => full === name || full.slice(0, 3) === name || (name === 'sept' && full === 'september'));
  return index < 0 ? undefined : index + 1;
}

function isValid({ y, m, d }: Parts): boolean {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  if (m === 2) return d <= (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28);
  return d <= MONTH_DAYS[m - 1]!;
}

/** Days per month in a common year (February is decided by isValid). */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function iso({ y, m, d }: Parts): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
