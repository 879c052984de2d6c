// Which ISO weeks a cockpit run looks at: the reporting week, the four weeks before it (the last of
// them is the prior week) and the same week a year earlier.
import { addWeeks, isoWeek, sameWeekLastYear, weekMonday } from '../../kpi-calculation/lib/periods';

export type ReportingWeeks = { reporting: string; prior: string; trailing: string[]; last_year: string };

export function comparisonWeeks(week: string): ReportingWeeks {
  const trailing = [4, 3, 2, 1].map((n) => addWeeks(week, -n));
  return { reporting: week, prior: trailing[3]!, trailing, last_year: sameWeekLastYear(week) };
}

export const allWeeks = (w: ReportingWeeks): string[] => [...new Set([w.last_year, ...w.trailing, w.reporting])];

const MAX_RANGES = 8;

/** "2025-W01 – 2025-W30, 2025-W32 (31 weeks)": the weeks as runs of consecutive weeks. */
export function describeWeeks(weeks: Iterable<string>): string {
  const sorted = [...new Set(weeks)].sort();
  if (sorted.length === 0) return 'no weeks';
  const runs: [string, string][] = [];
  for (const week of sorted) {
    const last = runs.at(-1);
    if (last && addWeeks(last[1], 1) === week) last[1] = week;
    else runs.push([week, week]);
  }
  const shown = runs.slice(0, MAX_RANGES).map(([a, b]) => (a === b ? a : `${a} – ${b}`));
  const more = runs.length > MAX_RANGES ? ` and ${runs.length - MAX_RANGES} more runs` : '';
  return `${shown.join(', ')}${more} (${sorted.length} week${sorted.length === 1 ? '' : 's'})`;
}

/**
 * The week asked for, which must have lines; or, when none is asked, the last week with lines that
 * ended before as_of (so the running week is never reported half-done).
 */
export function chooseWeek(asked: string, present: ReadonlySet<string>, asOf: string): string {
  if (asked) {
    weekMonday(asked);
    if (!present.has(asked)) throw new Error(`No sales line falls in ${asked}; the data holds ${describeWeeks(present)}. Choose one of those weeks or export the right period.`);
    return asked;
  }
  const running = isoWeek(asOf);
  const complete = [...present].filter((w) => w < running).sort();
  if (complete.length === 0) throw new Error(`The data holds no ISO week that ended before ${asOf} (${running} is still running): it holds ${describeWeeks(present)}. Give the week.`);
  return complete.at(-1)!;
}
