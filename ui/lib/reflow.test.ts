import { expect, test } from 'vitest';
import { reflow } from './reflow';

test('rejoins hard-wrapped lines but keeps paragraphs and list items', () => {
  const text = 'For every table:\n1. Read its metadata\n   and columns.\n2. Profile it.\n\nThen write\nthe report.';
  expect(reflow(text)).toEqual(['For every table:', '1. Read its metadata and columns.', '2. Profile it.', 'Then write the report.']);
});

test('a single line is one block; blank text is none', () => {
  expect(reflow('Route invoices.')).toEqual(['Route invoices.']);
  expect(reflow('\n\n')).toEqual([]);
});
