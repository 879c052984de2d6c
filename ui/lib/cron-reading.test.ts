import { describe, expect, it } from 'vitest';
import { checkCron, isTimeZone, zonedTime } from './cron-reading';

// Monday 7 December 2026, 13:00 UTC = 14:00 in Prague.
const NOW = new Date('2026-12-07T13:00:00Z');

describe('reading a cron trigger', () => {
  it('reads a weekday schedule in words, with its zone, and gives the next fire in that zone', () => {
    const c = checkCron('0 8 * * 1-5', 'Europe/Prague', NOW);
    expect(c.expressionError).toBeUndefined();
    expect(c.timezoneError).toBeUndefined();
    expect(c.reading).toBe('At 08:00, Monday through Friday (Europe/Prague)');
    expect(c.next).toBe('2026-12-08T07:00:00.000Z');
    expect(zonedTime(c.next!, 'Europe/Prague')).toBe('Tue 8 Dec 2026, 08:00 Europe/Prague');
  });

  it('flags a bad expression in words', () => {
    expect(checkCron('0 25 * * *', 'UTC', NOW).expressionError).toMatch(/^not a valid schedule: .*hour/i);
    expect(checkCron('0 8 * *', 'UTC', NOW).expressionError).toBe('needs five fields (minute hour day-of-month month day-of-week); this has 4');
    expect(checkCron('0 0 0 8 * * *', 'UTC', NOW).expressionError).toMatch(/this has 7/);
    expect(checkCron('   ', 'UTC', NOW).expressionError).toMatch(/a schedule is needed/);
    expect(checkCron('0 0 31 2 *', 'UTC', NOW).expressionError).toMatch(/never fires|not a valid/);
  });

  it('flags a bad zone and still checks the expression', () => {
    const c = checkCron('0 25 * * *', 'Mars/Olympus', NOW);
    expect(c.timezoneError).toBe('“Mars/Olympus” is not a time zone; use a name such as Europe/Prague or UTC');
    expect(c.expressionError).toBeDefined();
    expect(isTimeZone('Europe/Prague')).toBe(true);
    expect(isTimeZone('')).toBe(false);
  });

  it('shows summer time in the zone too', () => {
    expect(zonedTime('2026-07-01T06:00:00Z', 'Europe/Prague')).toBe('Wed 1 Jul 2026, 08:00 Europe/Prague');
    expect(zonedTime('2026-07-01T06:00:00Z', 'UTC')).toBe('Wed 1 Jul 2026, 06:00 UTC');
  });
});
