import { describe, expect, it } from 'vitest';
import { countdown, msUntil } from './countdown';

describe('countdown', () => {
  it('reads seconds, minutes and hours', () => {
    expect(countdown(4_200)).toBe('5 s');
    expect(countdown(59_000)).toBe('59 s');
    expect(countdown(60_000)).toBe('1:00');
    expect(countdown(725_000)).toBe('12:05');
    expect(countdown(3_723_000)).toBe('1:02:03');
  });
  it('stops at zero', () => {
    expect(countdown(-5_000)).toBe('0 s');
    expect(msUntil('2026-01-01T00:00:10.000Z', Date.parse('2026-01-01T00:00:00.000Z'))).toBe(10_000);
  });
});
