/** Month periods as YYYY-MM, the format of the GL and driver tables. */
export const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Words that mean "the calendar month before the period" when no prior period is given. */
export const PREVIOUS = ['', 'previous', 'auto'];

export function previousMonth(period: string): string {
  const match = PERIOD.exec(period);
  if (!match) throw new Error(`period "${period}" is not a month as YYYY-MM`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The prior period: the one given, or the month before `period`; never the period itself. */
export function priorPeriod(period: string, given: string | undefined): string {
  if (!PERIOD.test(period)) throw new Error(`period "${period}" is not a month as YYYY-MM`);
  const wanted = (given ?? '').trim();
  if (PREVIOUS.includes(wanted.toLowerCase())) return previousMonth(period);
  if (!PERIOD.test(wanted)) throw new Error(`prior_period "${wanted}" is not a month as YYYY-MM (or "previous" for the month before ${period})`);
  if (wanted === period) throw new Error(`prior_period is the same month as period (${period}); there would be nothing to compare`);
  return wanted;
}
