// Field comparators besides Jaro-Winkler (jaro-winkler.ts). Each works on comparison forms
// (normalize-*.ts) and has a SQL twin in sql-sqlite.ts that must give the same answer.

/** Jaccard similarity of the distinct space-separated tokens: |A ∩ B| / |A ∪ B|. */
export function tokenSetSimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  const left = new Set(a.split(' '));
  const right = new Set(b.split(' '));
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return shared / (left.size + right.size - shared);
}

/** Count of positions where two equal-length strings differ; Infinity when lengths differ. */
export function positionDiffs(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diffs++;
  return diffs;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid YYYY-MM-DD, NaN for anything else (e.g. "1931-99-24"). */
export function epochDay(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) return NaN;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  const time = Date.UTC(y, mo - 1, d);
  const back = new Date(time);
  // Date.UTC rolls 1931-02-30 over to March; a round trip tells a real date from an impossible one.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return time / 86_400_000;
}

export type DateTolerance = {
  /** Dates at most this many days apart agree. */
  maxDays?: number;
  /** Dates written with at most this many differing digits agree (keying errors). */
  maxDigitDiffs?: number;
  /** Same year with day and month swapped agrees (03/04 read as 04/03). */
  dayMonthSwap?: boolean;
};

/** Whether two YYYY-MM-DD comparison forms agree: equal, or within any tolerance given. */
export function datesAgree(a: string, b: string, tolerance: DateTolerance): boolean {
  if (a === '' || b === '') return false;
  if (a === b) return true;
  if (tolerance.maxDays !== undefined && Math.abs(epochDay(a) - epochDay(b)) <= tolerance.maxDays) return true;
  if (tolerance.maxDigitDiffs !== undefined && a.length <= 10 && positionDiffs(a, b) <= tolerance.maxDigitDiffs) return true;
  if (tolerance.dayMonthSwap && dayMonthSwapped(a, b)) return true;
  return false;
}

/** Same year, a's month is b's day and a's day is b's month (YYYY-MM-DD forms). */
function dayMonthSwapped(a: string, b: string): boolean {
  if (a.length !== 10 || b.length !== 10) return false;
  for (let i = 0; i < 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return a.charCodeAt(5) === b.charCodeAt(8) && a.charCodeAt(6) === b.charCodeAt(9) && a.charCodeAt(8) === b.charCodeAt(5) && a.charCodeAt(9) === b.charCodeAt(6);
}

// Plain decimals only: Number() would also accept "1e3", "0x1f" and " 12 ", which the SQL
// twin (sql-sqlite.ts isNumber) cannot recognise the same way.
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/** Whether two plain decimals (as text) differ by at most maxDiff; anything else never agrees. */
export function numbersAgree(a: string, b: string, maxDiff: number): boolean {
  if (!DECIMAL.test(a) || !DECIMAL.test(b)) return false;
  return Math.abs(Number(a) - Number(b)) <= maxDiff;
}

/** Equal, or one a prefix of the other with at least minLength characters, spaces ignored. */
export function prefixAgrees(a: string, b: string, minLength: number): boolean {
  if (a === '' || b === '') return false;
  const x = a.replace(/ /g, '');
  const y = b.replace(/ /g, '');
  if (x === y) return x !== '';
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= minLength && long.startsWith(short);
}

/**
 * Whether two strings are at most one edit apart: an insertion, a deletion, a substitution or two
 * neighbouring characters swapped (optimal string alignment distance ≤ 1). Written around the
 * common prefix, as its SQL twin (sql-sqlite.ts oneEdit) is.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  const m = Math.min(la, lb);
  let p = 0;
  while (p < m && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  if (la === lb) return a.slice(p + 1) === b.slice(p + 1) || (a.charAt(p) === b.charAt(p + 1) && a.charAt(p + 1) === b.charAt(p) && a.slice(p + 2) === b.slice(p + 2));
  return la > lb ? a.slice(p + 1) === b.slice(p) : b.slice(p + 1) === a.slice(p);
}
