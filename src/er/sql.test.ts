import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { RunWorkspace } from '../workspace/workspace-object';
import { candidatePairs } from './candidates';
import { toCsv } from './csv';
import { CRM_ROWS } from './fixtures/crm';
import { febrlFixture } from './fixtures/febrl';
import { compileMatcher } from './match';
import { prepareRecord, type PreparedRecord } from './prepare';
import { DEFAULT_RULES, exact, jw, prefix, tokens, type Rule } from './rules';
import { compileRules, matchTable } from './sql-compile';

// The compiled SQL runs in the real workspace SQLite (a RunWorkspace Durable Object) and must
// match exactly the pairs, and the rules per pair, that the in-memory matcher finds.
const records: PreparedRecord[] = [
  ...CRM_ROWS.map((r) => prepareRecord(r, { defaultCountryCode: '1' })),
  ...febrlFixture().records.slice(0, 50).map((r) => prepareRecord(r)),
];

// Extra rules so every comparison method and combinator is exercised.
const EXTRA: Rule[] = [
  { id: 'near_number', label: 'street number within 2 + surname', when: { all: [{ field: 'street_number', method: 'numeric', maxDiff: 2 }, exact('last_name')] } },
  { id: 'dob_week', label: 'dob within a week + given name', when: { all: [{ field: 'dob', method: 'date', maxDays: 7 }, jw('first_name', 0.8)] } },
  { id: 'address_tokens', label: 'address tokens', when: tokens('address', 0.6) },
  { id: 'two_of', label: 'two of three', when: { atLeast: 2, of: [exact('postcode'), jw('city', 0.9), jw('last_name', 0.9)] } },
  { id: 'surname_prefix', label: 'surname prefix unless another given name', when: prefix('last_name', 2), unless: { all: [jw('first_name', 0), { any: [jw('first_name', 0.99), exact('dob')] }] } },
];
const RULES = [...DEFAULT_RULES, ...EXTRA];

function expectedPairs(left: readonly PreparedRecord[], right: readonly PreparedRecord[] | null, pairs?: [number, number][]): Map<string, number> {
  const matcher = compileMatcher(RULES);
  const found = new Map<string, number>();
  const check = (x: number, y: number, a: PreparedRecord, b: PreparedRecord) => {
    const mask = matcher.match(a, b);
    if (mask) found.set(`${x}:${y}`, mask);
  };
  if (pairs) for (const [x, y] of pairs) check(x, y, left[x]!, left[y]!);
  else if (right) left.forEach((a, x) => right.forEach((b, y) => check(x, left.length + y, a, b)));
  else for (let x = 0; x < left.length; x++) for (let y = x + 1; y < left.length; y++) check(x, y, left[x]!, left[y]!);
  return found;
}

async function runSql(name: string, tables: Record<string, { columns: string[]; rows: string[][] }>, sql: string): Promise<Map<string, number>> {
  const stub = env.WORKSPACE.get(env.WORKSPACE.idFromName(`er-sql-${name}`));
  const result = await runInDurableObject(stub, (workspace: RunWorkspace) => {
    for (const [table, data] of Object.entries(tables)) {
      const loaded = workspace.loadCsv(table, toCsv(data.columns, data.rows));
      if (!loaded.ok) throw new Error(loaded.error);
    }
    return workspace.query([sql]);
  });
  if (!result.ok) throw new Error(result.error);
  const { columns, rows } = result.value[0]!;
  expect(columns).toEqual(['left_key', 'right_key', ...RULES.map((r) => r.id)]);
  const found = new Map<string, number>();
  for (const row of rows) {
    const [x, y] = [Number(row[0]), Number(row[1])].sort((a, b) => a - b);
    const mask = row.slice(2).reduce<number>((m, flag, r) => (Number(flag) ? m | (1 << r) : m), 0);
    found.set(`${x}:${y}`, mask);
  }
  return found;
}

describe('rules compiled to SQLite', () => {
  it('match exactly what the in-memory matcher matches, rule by rule (deduplication)', async () => {
    const expected = expectedPairs(records, null);
    expect(expected.size).toBeGreaterThan(20);
    const found = await runSql('dedup', { er_match: matchTable(records) }, compileRules(RULES, { table: 'er_match' }));
    expect(found).toEqual(expected);
  });

  it('match across two tables (linkage)', async () => {
    const left = records.slice(0, 40);
    const right = records.slice(40);
    const found = await runSql('link', { er_left: matchTable(left), er_right: matchTable(right, left.length) }, compileRules(RULES, { table: 'er_left', rightTable: 'er_right' }));
    expect(found).toEqual(expectedPairs(left, right));
  });

  it('read candidate pairs from a pairs table', async () => {
    const { pairs } = candidatePairs(records);
    const found = await runSql(
      'pairs',
      { er_match: matchTable(records), er_pairs: { columns: ['left_key', 'right_key'], rows: pairs.map(([x, y]) => [String(x), String(y)]) } },
      compileRules(RULES, { table: 'er_match', pairsTable: 'er_pairs' }),
    );
    expect(found).toEqual(expectedPairs(records, null, pairs));
  });

  it('quote identifiers and literals', () => {
    const sql = compileRules([{ id: 'odd"id', label: 'x', when: jw('first_name', 0.5) }], { table: 'my "table"' });
    expect(sql).toContain('"odd""id"');
    expect(sql).toContain('"my ""table"""');
  });
});
