// Period keys and the complete, ordered axis of a series. Calendar keys (days, ISO weeks, months,
// quarters) and integers are filled from the first to the last period, so "the previous period" and
// "a season earlier" count calendar steps even where a period has no rows (a week without sales is
// a week of zero sales, not a missing week). The other skills of keboola.decision-analysis and
// margin-analysis read periods through this file.

export const GRAINS = ['as_is', 'day', 'iso_week', 'month', 'quarter'] as const;
export type Grain = (typeof GRAINS)[number];

const DAY_MS = 86_400_000;
/** Periods an axis may span: beyond it a date column read as integers (or a typo) would fill millions of empty periods. */
const MAX_PERIODS = 10_000;

function dayMs(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(date) ? Date.parse(`${date.slice(0, 10)}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
  return ms;
}
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Days since 1970-01-01 of a date, and back. */
const dayIndex = (date: string): number => Math.round(dayMs(date) / DAY_MS);
const dayOf = (index: number): string => isoDay(index * DAY_MS);
export const addDays = (date: string, days: number): string => dayOf(dayIndex(date) + days);

/** The ISO week (YYYY-Www) of a date: weeks run Monday to Sunday and belong to the year of their Thursday. */
export function isoWeek(date: string): string {
  const day = dayIndex(date);
  const monday0 = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  const thursday = day - monday0 + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week; a week the year does not have (2026-W53) is an error. */
export function weekMonday(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`"${week}" is not an ISO week (YYYY-Www)`);
  const jan4 = Date.UTC(Number(m[1]), 0, 4) / DAY_MS;
  const monday = dayOf(jan4 - ((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7) + (Number(m[2]) - 1) * 7);
  if (isoWeek(monday) !== week) throw new Error(`${week} does not exist: ${m[1]} has ${weeksInYear(Number(m[1]))} ISO weeks`);
  return monday;
}

export const addWeeks = (week: string, n: number): string => isoWeek(addDays(weekMonday(week), 7 * n));
export const weeksInYear = (year: number): number => Number(isoWeek(`${year}-12-28`).slice(6));

/** The same ISO week number a year earlier; week 53 falls back to week 52 in a year without one. */
export function sameWeekLastYear(week: string): string {
  weekMonday(week);
  const year = Number(week.slice(0, 4)) - 1;
  const number = Math.min(Number(week.slice(6)), weeksInYear(year));
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** The period a raw value falls in: as it is, or a date bucketed into its day, ISO week, month or quarter. */
export function periodKey(value: string, grain: Grain): string {
  const v = value.trim();
  if (grain === 'as_is') return v;
  const day = dayOf(dayIndex(v));
  if (grain === 'day') return day;
  if (grain === 'iso_week') return isoWeek(day);
  if (grain === 'month') return day.slice(0, 7);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

type Format = { name: string; pattern: RegExp; season: number | null; index(key: string): number; key(index: number): string };

const FORMATS: readonly Format[] = [
  { name: 'day', pattern: /^\d{4}-\d{2}-\d{2}$/, season: 7, index: dayIndex, key: dayOf },
  // 1970-01-05 (day 4) was a Monday: (day + 3) / 7 numbers the weeks.
  { name: 'iso_week', pattern: /^\d{4}-W\d{2}$/, season: 52, index: (k) => (dayIndex(weekMonday(k)) + 3) / 7, key: (i) => isoWeek(dayOf(i * 7 - 3)) },
  { name: 'month', pattern: /^\d{4}-(0[1-9]|1[0-2])$/, season: 12, index: (k) => Number(k.slice(0, 4)) * 12 + Number(k.slice(5)) - 1, key: (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}` },
  { name: 'quarter', pattern: /^\d{4}-Q[1-4]$/, season: 4, index: (k) => Number(k.slice(0, 4)) * 4 + Number(k.slice(6)) - 1, key: (i) => `${Math.floor(i / 4)}-Q${(i % 4) + 1}` },
  { name: 'integer', pattern: /^-?\d{1,9}$/, season: null, index: Number, key: String },
];

/** The ordered periods of a series, the position of a period key in them (-1 outside), and the season its format implies. */
export type Axis = { format: string; periods: string[]; position(key: string): number; defaultSeason: number | null };

export function periodAxis(keys: Iterable<string>): Axis {
  const distinct = [...new Set(keys)];
  if (distinct.length === 0) throw new Error('there are no periods');
  const format = FORMATS.find((f) => distinct.every((k) => f.pattern.test(k)));
  if (!format) {
    // Any other text: ordered as text, not filled; a season must be given.
    const periods = distinct.sort();
    const at = new Map(periods.map((p, i) => [p, i]));
    return { format: 'text', periods, position: (key) => at.get(key) ?? -1, defaultSeason: null };
  }
  const indices = distinct.map(format.index);
  const first = Math.min(...indices);
  const last = Math.max(...indices);
  if (last - first + 1 > MAX_PERIODS) throw new Error(`the periods run from ${format.key(first)} to ${format.key(last)}, more than ${MAX_PERIODS} ${format.name} periods; check the period column and grain`);
  const periods = Array.from({ length: last - first + 1 }, (_, i) => format.key(first + i));
  return {
    format: format.name,
    periods,
    position: (key) => {
      const at = format.pattern.test(key) ? format.index(key) - first : -1;
      return at >= 0 && at < periods.length ? at : -1;
    },
    defaultSeason: format.season,
  };
}
