import { describe, expect, it } from 'vitest';
import { timeSpan } from './format';

describe('timeSpan', () => {
  it('keeps the tenths the API counts in under 10 s, so the header reads as the API does', () => {
    expect([0, 0.05, 1.2, 3, 9.94].map(timeSpan)).toEqual(['0 s', '0.1 s', '1.2 s', '3 s', '9.9 s']);
  });
  it('rounds to whole seconds above, then minutes and hours', () => {
    expect([10.4, 59.6, 143, 3725].map(timeSpan)).toEqual(['10 s', '1 min 0 s', '2 min 23 s', '1 h 2 min']);
  });
  it('never shows a negative time', () => {
    expect(timeSpan(-2)).toBe('0 s');
  });
});
