import { describe, expect, test } from 'vitest';
import { withType } from './input-constraints';

describe('changing an input type', () => {
  test('drops what the new type does not take and keeps the rest', () => {
    const sql = { name: 'q', type: 'sql', label: 'Query', default: 'select 1', read_only: true, placeholders: [':p'], max_length: 500, locked: true };
    expect(withType(sql, 'text')).toEqual({ name: 'q', type: 'text', label: 'Query', default: 'select 1', max_length: 500, locked: true });
    const string = { name: 's', type: 'string', pattern: 'a+', pattern_hint: 'some a', options_from: { table: 't', column: 'c' } };
    expect(withType(string, 'number')).toEqual({ name: 's', type: 'number' });
    // A period may keep values from a column; a table may not.
    expect(withType(string, 'period')).toEqual({ name: 's', type: 'period', options_from: { table: 't', column: 'c' } });
    expect(withType({ name: 't', type: 'tables', options_from: { bucket: 'in.c-x' } }, 'table')).toEqual({ name: 't', type: 'table', options_from: { bucket: 'in.c-x' } });
  });
});
