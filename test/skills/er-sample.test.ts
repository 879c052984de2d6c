/**
 * Issue 14, warehouse scale: above the pushdown threshold the data-cleanup Playbook's evidence
 * steps (profile, overlap, rule proposals) read a sample of at most the threshold's rows, and the
 * reader's cap is that same threshold — applied where the run compares, not where it clusters the
 * warehouse's pairs. Two synthetic sources of 600 rows (1,200 in all) against a threshold of 1,000.
 */
import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS, syntheticPeople, toCsv } from '../../src/er';
import * as profile from '../../skills/data-quality-profiling/scripts/profile';
import * as overlap from '../../skills/entity-resolution/scripts/detect_overlap';
import * as propose from '../../skills/entity-resolution/scripts/propose_rules';
import * as resolve from '../../skills/entity-resolution/scripts/resolve';
import * as rulesSql from '../../skills/entity-resolution/scripts/rules_sql';
import { memoryScriptContext, runToEnd } from './script-context';

const PER_SOURCE = 600;
const SOURCES = ['a.csv', 'b.csv'];

function files(): Record<string, string> {
  const people = syntheticPeople({ rows: PER_SOURCE * 2, seed: 14 });
  const fields = CANONICAL_FIELDS.filter((f) => people.some((p) => p.fields[f]));
  const csv = (part: typeof people, source: string) => toCsv(['source', 'row_id', ...fields], part.map((p, i) => [source, `${source}-${i}`, ...fields.map((f) => p.fields[f] ?? '')]));
  return { 'a.csv': csv(people.slice(0, PER_SOURCE), 'a'), 'b.csv': csv(people.slice(PER_SOURCE), 'b') };
}

describe('the evidence steps above the pushdown threshold', () => {
  it('overlap and rule proposals read the first rows of each source, the threshold in all', async () => {
    for (const script of [overlap, propose] as const) {
      const run = (sampleRows: number): Promise<{ result: any }> => runToEnd(script.run as any, script.args.parse({ sources: SOURCES, sample_rows: sampleRows }), memoryScriptContext(files()));
      const { result } = await run(1_000);
      expect(result.rows).toBe(1_000);
      expect(result.sample).toEqual({ rows: 1_000, rows_per_source: 500, of_rows: 1_200, reason: '1,200 rows in the sources, more than the pushdown threshold 1,000: read the first 500 rows of each source' });
      // At or above the sources' rows: every row, no sample.
      const whole = await run(1_200);
      expect([whole.result.rows, whole.result.sample]).toEqual([1_200, null]);
    }
  });

  it('profile tallies only the first sample_rows rows of a larger file', async () => {
    const ctx = memoryScriptContext(files());
    const sampled = await profile.run(profile.args.parse({ artifact: 'a.csv', sample_rows: 250 }), ctx);
    expect([sampled.rows, sampled.sample?.of_rows]).toEqual([250, PER_SOURCE]);
    expect(sampled.columns.find((c) => c.name === 'row_id')?.distinct_count).toBe(250);
    const whole = await profile.run(profile.args.parse({ artifact: 'a.csv', sample_rows: PER_SOURCE }), ctx);
    expect([whole.rows, whole.sample]).toEqual([PER_SOURCE, null]);
  });

  it('the SQL cross-check reads only the records it covers', async () => {
    const check = (maxRecords: number) => rulesSql.run(rulesSql.args.parse({ sources: SOURCES, rules: ['email'], max_records: maxRecords }), memoryScriptContext(files()));
    expect(await check(1_000)).toMatchObject({ records: 1_000, of_records: 1_200 });
    expect(await check(1_200)).toMatchObject({ records: 1_200, of_records: 1_200 });
  });

  it('resolve refuses more rows than the threshold when it compares them itself, not when it clusters the warehouse\'s pairs', async () => {
    await expect(resolve.run(resolve.args.parse({ sources: SOURCES, max_rows: 1_000 }), memoryScriptContext(files()))).rejects.toThrow('More than 1000 rows across the sources, the most compared in the run');
    const { result } = await runToEnd(resolve.run, resolve.args.parse({ sources: SOURCES, max_rows: 1_000, pairs: 'pairs.csv' }), memoryScriptContext({ ...files(), 'pairs.csv': 'left,right,rules\n0,700,1\n' }));
    expect(result.stats).toMatchObject({ records: 1_200, comparedPairs: 0, matchedPairs: 1, clusters: 1_199 });
  });
});
