import { describe, expect, it } from 'vitest';
import { jobBody } from './job-body';
import { overrideArgs, overridableProperties } from './schema';
import { componentToolSpecs, toolId } from './specs';

describe('overridable parameters', () => {
  it('offers simple, fully checkable properties only; never secrets', () => {
    const offered = overridableProperties({
      type: 'object',
      properties: {
        query: { type: 'string', format: 'editor', propertyOrder: 2, default: '' },
        limit: { type: 'integer', minimum: 1, maximum: 1000 },
        incremental: { type: 'boolean' },
        mode: { type: 'string', enum: ['full', 'delta'] },
        '#password': { type: 'string' },
        token: { type: 'string', format: 'password' },
        since: { type: 'string', format: 'date' },
        column: { type: 'string', pattern: '^[A-Z]+$' },
        tables: { type: 'array', items: { type: 'string' } },
        db: { type: 'object' },
        either: { type: ['string', 'null'] },
        computed: { type: 'string', readOnly: true },
      },
    });
    expect(Object.keys(offered).sort()).toEqual(['incremental', 'limit', 'mode', 'query']);
    expect(overridableProperties({})).toEqual({});
    expect(overridableProperties(null)).toEqual({});
  });

  it('checks what the schema says, and nothing else is accepted', () => {
    const args = overrideArgs(overridableProperties({ properties: { limit: { type: 'integer', minimum: 1, maximum: 10 }, mode: { type: 'string', enum: ['full', 'delta'] } } }));
    expect(args.safeParse({ limit: 5, mode: 'delta' }).success).toBe(true);
    expect(args.safeParse({}).success).toBe(true);
    expect(args.safeParse({ limit: 11 }).success).toBe(false);
    expect(args.safeParse({ limit: 1.5 }).success).toBe(false);
    expect(args.safeParse({ mode: 'other' }).success).toBe(false);
    expect(args.safeParse({ other: 1 }).success).toBe(false);
  });
});

describe('per-system tool specs', () => {
  const schema = { properties: { query: { type: 'string' } } };
  const config = (id: string, rows?: { id: string; name: string; is_disabled: boolean }[], is_disabled = false) => ({ id, name: `Config ${id}`, is_disabled, ...(rows ? { rows } : {}) });

  it('one per runnable configuration, or per runnable row of a row-based one; none without a usable schema or for other types', () => {
    const specs = componentToolSpecs([
      { id: 'keboola.ex-db-pgsql', name: 'PostgreSQL', type: 'extractor', configuration_schema: {}, row_schema: schema, configurations: [config('1', [{ id: '11', name: 'a', is_disabled: false }, { id: '12', name: 'b', is_disabled: true }]), config('2', [{ id: '21', name: 'c', is_disabled: false }], true)] },
      { id: 'acme.wr-thing', name: 'Thing', type: 'writer', configuration_schema: schema, configurations: [config('3')] },
      { id: 'acme.ex-bare', name: 'Bare', type: 'extractor', configuration_schema: {}, row_schema: {}, configurations: [config('4')] },
      { id: 'keboola.snowflake-transformation', name: 'SQL', type: 'transformation', configuration_schema: schema, configurations: [config('5')] },
    ]);
    expect(specs.map((s) => [s.id, s.component_type, s.row])).toEqual([
      ['keboola.acme-wr-thing.3.run', 'writer', undefined],
      ['keboola.keboola-ex-db-pgsql.1.11.run', 'extractor', '11'],
    ]);
    expect(toolId('Keboola.EX db', 'a/b')).toBe('keboola.keboola-ex-db.a-b.run');
  });
});

describe('the job body', () => {
  const stored = {
    configuration: { parameters: { db: { host: 'h', '#password': 'KBC::x' }, incremental: false, columns: ['a', 'b', 'c'] }, runtime: { tag: '1.2' } },
    rows: [{ id: '9', configuration: { parameters: { query: 'SELECT 1', columns: ['x'] }, storage: { output: { tables: [] } } } }],
  };

  it('merges the row over its configuration like Keboola\'s runner, then the override over parameters', () => {
    expect(jobBody(stored, '9', { query: 'SELECT 2', incremental: true })).toEqual({
      parameters: { db: { host: 'h', '#password': 'KBC::x' }, incremental: true, columns: ['x', 'b', 'c'], query: 'SELECT 2' },
      runtime: { tag: '1.2' },
      storage: { output: { tables: [] } },
    });
    expect(jobBody(stored, undefined, {}).parameters).toEqual(stored.configuration.parameters);
    expect(() => jobBody(stored, '10', {})).toThrow(/no row "10" any more; it has 9/);
  });
});
