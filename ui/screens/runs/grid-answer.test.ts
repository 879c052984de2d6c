import { describe, expect, it } from 'vitest';
import { gridAnswer, gridComplete, isGridAnswer } from './grid-answer';

const rows = [{ value: 'P-1', label: 'P-1 +12 %' }, { value: 'P-2', label: 'P-2 new' }];

describe('grid answers', () => {
  it('sends every row in order, a comment only where one was written', () => {
    expect(gridAnswer(rows, { 'P-2': { choice: 'trend', comment: '  steady ' }, 'P-1': { choice: 'one-off', comment: '   ' } })).toEqual([
      { row: 'P-1', choice: 'one-off' },
      { row: 'P-2', choice: 'trend', comment: 'steady' },
    ]);
  });

  it('is complete only when every row has a choice (comments do not count)', () => {
    expect(gridComplete(rows, { 'P-1': { choice: 'trend' } })).toBe(false);
    expect(gridComplete(rows, { 'P-1': { choice: 'trend' }, 'P-2': { comment: 'why?' } })).toBe(false);
    expect(gridComplete(rows, { 'P-1': { choice: 'trend' }, 'P-2': { choice: 'one-off' } })).toBe(true);
  });

  it('recognises an answered grid', () => {
    expect(isGridAnswer([{ row: 'P-1', choice: 'trend' }])).toBe(true);
    expect(isGridAnswer(['trend'])).toBe(false);
    expect(isGridAnswer('trend')).toBe(false);
  });
});
