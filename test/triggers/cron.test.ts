import { describe, expect, it } from 'vitest';
import { cronProblem, nextFireAfter } from '../../src/triggers/cron';

describe('cron schedule', () => {
  it('computes the next fire in the trigger time zone', () => {
    const after = new Date('2026-03-02T06:30:00Z'); // a Monday
    expect(new Date(nextFireAfter('0 9 * * *', 'UTC', after)!).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    // 09:00 in Prague is 08:00 UTC in winter (CET)...
    expect(new Date(nextFireAfter('0 9 * * *', 'Europe/Prague', after)!).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    // ...and 07:00 UTC in summer (CEST), across the DST change on 29 March.
    expect(new Date(nextFireAfter('0 9 * * *', 'Europe/Prague', new Date('2026-03-30T00:00:00Z'))!).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(new Date(nextFireAfter('*/15 * * * *', 'America/New_York', after)!).toISOString()).toBe('2026-03-02T06:45:00.000Z');
  });

  it('is strictly after the given time', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    expect(new Date(nextFireAfter('0 9 * * *', 'UTC', at)!).toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });

  it('names what is wrong with an expression or a time zone', () => {
    expect(cronProblem('0 9 * * 1', 'Europe/Prague')).toBeUndefined();
    expect(cronProblem('0 9 * * *', 'Mars/Olympus')).toMatchObject({ field: 'timezone', message: expect.stringMatching(/not a time zone/) });
    expect(cronProblem('61 9 * * *', 'UTC')).toMatchObject({ field: 'expression', message: expect.stringMatching(/not a five-field cron/) });
    expect(cronProblem('0 0 9 * * *', 'UTC')).toMatchObject({ field: 'expression', message: expect.stringMatching(/not a five-field cron/) });
    expect(cronProblem('every monday', 'UTC')).toMatchObject({ field: 'expression', message: expect.stringMatching(/not a five-field cron/) });
  });
});
