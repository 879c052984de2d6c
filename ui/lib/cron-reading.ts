// A cron trigger read as you type it: whether the expression and the time zone are valid (croner,
// the same parser and mode the server uses, src/triggers/cron.ts), a reading in words (cronstrue)
// and the next fire, all in the trigger's own time zone, which is named wherever a time is shown.
import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export type CronCheck = {
  /** Why the expression is not accepted, in words; undefined when it is. */
  expressionError?: string;
  timezoneError?: string;
  /** "At 08:00, Monday through Friday (Europe/Prague)". */
  reading?: string;
  /** The next fire, as an ISO instant. */
  next?: string;
};

export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** croner's reasons, made to read as a sentence: "CronPattern: Invalid value for hour: 25" → "invalid value for hour: 25". */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^CronPattern:\s*/i, '').replace(/^\w/, (c) => c.toLowerCase());
}

export function checkCron(expression: string, timezone: string, now = new Date()): CronCheck {
  const out: CronCheck = {};
  const expr = expression.trim();
  const zoneOk = isTimeZone(timezone);
  if (!zoneOk) out.timezoneError = timezone.trim() ? `“${timezone.trim()}” is not a time zone; use a name such as Europe/Prague or UTC` : 'a time zone is needed, such as Europe/Prague or UTC';
  if (!expr) return { ...out, expressionError: 'a schedule is needed: five fields, minute hour day-of-month month day-of-week' };
  const fields = expr.split(/\s+/).length;
  if (fields !== 5) return { ...out, expressionError: `needs five fields (minute hour day-of-month month day-of-week); this has ${fields}` };
  let next: Date | null = null;
  try {
    next = new Cron(expr, { timezone: zoneOk ? timezone.trim() : 'UTC', mode: '5-part' }).nextRun(now);
  } catch (error) {
    return { ...out, expressionError: `not a valid schedule: ${reasonOf(error)}` };
  }
  if (!next) return { ...out, expressionError: 'never fires (no such date)' };
  let reading: string;
  try {
    reading = cronstrue.toString(expr, { use24HourTimeFormat: true, verbose: false, throwExceptionOnParseError: true });
  } catch {
    reading = expr;
  }
  return { ...out, reading: zoneOk ? `${reading} (${timezone.trim()})` : reading, ...(zoneOk ? { next: next.toISOString() } : {}) };
}

/** "Mon 8 Dec 2026, 08:00 Europe/Prague": the wall-clock time in `zone`, with the zone named. */
export function zonedTime(iso: string, zone: string): string {
  const timeZone = isTimeZone(zone) ? zone : 'UTC';
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(new Date(iso));
  return `${text.replace(/^(\w+),? /, '$1 ')} ${timeZone}`;
}
