import { describe, expect, it } from 'vitest';
import { formatNumber, formatNumbersInText, rowParts } from './number-text';

describe('numbers in text', () => {
  it('groups thousands and gives amounts two decimals', () => {
    expect(formatNumbersInText('+23.456 % vs 2025-Q1 (prior 12345.6, current 15240.5, change -2895.5)'))
      .toBe('+23.46 % vs 2025-Q1 (prior 12,345.60, current 15,240.50, change −2,895.50)');
    expect(formatNumbersInText('1234567 units')).toBe('1,234,567 units');
  });

  it('leaves ids, dates, times, versions and years alone', () => {
    const text = 'P-1012 on 2025-01-06 at 08:00 in 2025, v1.2, week 12';
    expect(formatNumbersInText(text)).toBe(text);
  });

  it('formats one number', () => {
    expect(formatNumber(1234.5)).toBe('1,234.50');
    expect(formatNumber(1234)).toBe('1,234');
  });
});

describe('grid row parts', () => {
  it('splits "name: facts" and formats the facts', () => {
    expect(rowParts({ value: 'P-1012', label: 'P-1012: +23.45 % vs Q1 (prior 12345.00, current 15240.50)' }))
      .toEqual({ name: 'P-1012', facts: '+23.45 % vs Q1 (prior 12,345.00, current 15,240.50)' });
  });

  it('keeps a label that is a name of its own, with the detail as facts', () => {
    expect(rowParts({ value: 'w23', label: 'Week 23 revenue', detail: 'expected 10000.5' })).toEqual({ name: 'Week 23 revenue', facts: 'expected 10,000.50' });
    expect(rowParts({ value: 'a', label: 'a' })).toEqual({ name: 'a', facts: '' });
  });
});
