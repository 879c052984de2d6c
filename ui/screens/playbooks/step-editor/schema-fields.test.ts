import { describe, expect, test } from 'vitest';
import { controlOf, fieldsOf, parseText, textOf } from './schema-fields';

// The shape z.toJSONSchema gives keboola.storage.tables (io: input): defaults make fields optional.
const TABLES = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    bucket_id: { type: 'string', minLength: 1 },
    action: { type: 'string', enum: ['list', 'detail', 'preview', 'export'] },
    table_id: { type: 'string' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    dry: { type: 'boolean' },
    columns: { type: 'array', items: { type: 'string' } },
    load: { type: 'array', items: { type: 'object', properties: { table: { type: 'string' } } } },
    statements: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    batch: { type: 'object', properties: { rows: { type: 'integer' } } },
  },
};

describe('schema → form fields', () => {
  test('each basic shape gets its own kind; complex parts fall back to JSON; required first', () => {
    const fields = fieldsOf(TABLES);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['action', 'enum', true],
      ['bucket_id', 'string', false],
      ['table_id', 'string', false],
      ['limit', 'integer', false],
      ['dry', 'boolean', false],
      ['columns', 'list', false],
      ['load', 'json', false],
      ['statements', 'json', false],
      ['batch', 'json', false],
    ]);
    const limit = fields.find((f) => f.name === 'limit')!;
    expect([limit.min, limit.max, limit.default]).toEqual([1, 1000, 100]);
    expect(fields[0]!.options).toEqual(['list', 'detail', 'preview', 'export']);
  });

  test('no schema or no properties: no fields (the action keeps a JSON args box)', () => {
    expect(fieldsOf(undefined)).toEqual([]);
    expect(fieldsOf({ type: 'object' })).toEqual([]);
  });

  test('text ↔ value: numbers, lists, JSON, empties and references', () => {
    const [action, , , limit, , columns, load] = fieldsOf(TABLES);
    expect(parseText(limit!, '25')).toEqual({ value: 25 });
    expect(parseText(limit!, '2.5')).toEqual({ error: 'must be a whole number' });
    expect(parseText(limit!, 'ten')).toEqual({ error: 'must be a number' });
    expect(parseText(limit!, '')).toEqual({ unset: true });
    expect(parseText(limit!, '${{ inputs.rows }}')).toEqual({ value: '${{ inputs.rows }}' });
    expect(parseText(columns!, 'a\n b \n\n')).toEqual({ value: ['a', 'b'] });
    expect(textOf(columns!, ['a', 'b'])).toBe('a\nb');
    expect(parseText(load!, '[{"table":"t"}]')).toEqual({ value: [{ table: 't' }] });
    expect(parseText(load!, '[{')).toEqual({ error: 'is not valid JSON' });
    expect(textOf(load!, [{ table: 't' }])).toBe('[\n  {\n    "table": "t"\n  }\n]');
    // A reference in a JSON field reads as written, not as a quoted JSON string.
    expect(textOf(load!, '${{ inputs.loads }}')).toBe('${{ inputs.loads }}');
    expect(parseText(load!, textOf(load!, '${{ inputs.loads }}'))).toEqual({ value: '${{ inputs.loads }}' });
    expect(parseText(action!, 'list')).toEqual({ value: 'list' });
  });

  test('a union with a string (statements: a string or a list) takes plain text as typed, and JSON for the list', () => {
    const fields = fieldsOf(TABLES);
    const statements = fields.find((f) => f.name === 'statements')!;
    expect([statements.kind, statements.text, !!fields.find((f) => f.name === 'load')!.text]).toEqual(['json', true, false]);
    expect(parseText(statements, 'SELECT 1')).toEqual({ value: 'SELECT 1' });
    expect(textOf(statements, 'SELECT 1')).toBe('SELECT 1');
    expect(parseText(statements, '["SELECT 1", "SELECT 2"]')).toEqual({ value: ['SELECT 1', 'SELECT 2'] });
    expect(parseText(statements, '["SELECT 1"')).toEqual({ error: 'is not valid JSON' });
  });

  test('a chosen enum value keeps its select; a reference in an enum, number or boolean field is shown as text', () => {
    const [action, , , limit, dry] = fieldsOf(TABLES);
    expect(controlOf(action!, 'preview')).toBe('enum');
    expect(controlOf(action!, undefined)).toBe('enum');
    expect(controlOf(action!, '${{ inputs.mode }}')).toBe('string');
    expect(controlOf(limit!, 50)).toBe('integer');
    expect(controlOf(limit!, '${{ inputs.rows }}')).toBe('string');
    expect(controlOf(dry!, true)).toBe('boolean');
  });
});
