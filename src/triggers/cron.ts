import { Cron } from 'croner';

/**
 * Cron schedules (spec §7 "Triggers"): croner has no dependencies and does its time-zone arithmetic
 * with Intl, which workerd implements, so the same code runs in the Worker and in the Tenant object.
 * Standard five-field expressions only: minute precision is what a Playbook schedule needs, and a
 * seconds field would let one trigger start a run every second.
 */

function pattern(expression: string, timezone: string): Cron {
  // No callback: croner only computes dates and never arms a timer of its own.
  return new Cron(expression, { timezone, mode: '5-part' });
}

/** What is wrong with the expression or the time zone, for a 422 when the Playbook is saved; undefined when fine. */
export function cronProblem(expression: string, timezone: string): { field: 'expression' | 'timezone'; message: string } | undefined {
  if (!isTimeZone(timezone)) return { field: 'timezone', message: `"${timezone}" is not a time zone (use an IANA name such as "Europe/Prague" or "UTC")` };
  try {
    if (!pattern(expression, timezone).nextRun(new Date())) return { field: 'expression', message: `"${expression}" never fires` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { field: 'expression', message: `"${expression}" is not a five-field cron expression: ${reason}` };
  }
  return undefined;
}

/** The first fire strictly after `after`, in ms since the epoch; null when the expression has no future fire. */
export function nextFireAfter(expression: string, timezone: string, after: Date): number | null {
  return pattern(expression, timezone).nextRun(after)?.getTime() ?? null;
}

function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
