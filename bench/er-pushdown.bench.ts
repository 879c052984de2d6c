// Warehouse-scale pushdown (issue 14): blocking and comparison as Snowflake SQL through the Query
// Service, run by DuckDB behind the fake; only matched pairs come back. Checks that the pushed-
// down result equals the in-run one (sample CRM, Febrl 4a ↔ 4b) and times a synthetic table of
// ER_PUSHDOWN_ROWS rows: 20,000 by default so `npm run bench` stays short; the 1,000,000-row run
// (ER_PUSHDOWN_ROWS=1000000) takes minutes, its numbers are in docs/er-quality.md "Pushdown".
// `npx vitest run --config bench/er.vitest.config.ts` (with the ER bench) or on its own with
// `bench/er-pushdown.bench.ts` as the file filter.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { candidatePairs, candidatePairsSql, DEFAULT_RULES, mapColumns, syntheticPeople, toSourceRecords, type ResolverConfig, type SourceRecord } from '../src/er';
import { CRM_ROWS } from '../src/er/fixtures/crm';
import { loadForms, matchSet, prepareAll, resolveInRun, resolvePushedDown, startPushdown, stopPushdown, type Pushdown } from './er-pushdown-harness';
import { report } from './report';

const febrl = join(import.meta.dirname, '../../shared/data/febrl');
const haveFebrl = existsSync(join(febrl, 'dataset4a.csv'));
const ROWS = Number(process.env.ER_PUSHDOWN_ROWS ?? 20_000);

let p: Pushdown;
beforeAll(async () => {
  p = await startPushdown();
});
afterAll(async () => {
  if (p) await stopPushdown(p);
});

function loadFebrl(file: string, source: string): SourceRecord[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(febrl, file), 'utf8'), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim(), transform: (v) => v.trim() });
  return toSourceRecords(source, parsed.data, mapColumns(parsed.meta.fields ?? []));
}

/** Same matches (pairs and the rules each satisfied), same clusters, same golden records. */
async function expectEqual(name: string, records: SourceRecord[], config: ResolverConfig): Promise<void> {
  const inRun = resolveInRun(records, config);
  const prepared = prepareAll(records, config);
  const table = await loadForms(p, name, prepared);
  // Blocking alone first: the same candidate pairs as candidates.ts, not only the same matches.
  const candidates = await p.client.runQuery(candidatePairsSql({ table, mode: config.mode ?? 'dedup' }), Number.MAX_SAFE_INTEGER);
  const inRunCandidates = candidatePairs(prepared, { mode: config.mode ?? 'dedup' }).pairs;
  expect(candidates.rows.map(([x, y]) => `${String(x)}:${String(y)}`).sort()).toEqual(inRunCandidates.map(([x, y]) => `${x}:${y}`).sort());
  const pushed = await resolvePushedDown(p, table, prepared, config);
  expect(inRun.matches.length).toBeGreaterThan(0);
  expect(matchSet(pushed.matches)).toEqual(matchSet(inRun.matches));
  expect(pushed.resolution.clusterMap).toEqual(inRun.resolution.clusterMap);
  expect(pushed.resolution.golden).toEqual(inRun.resolution.golden);
  report(`er.pushdown.${name}`, { records: records.length, candidate_pairs: inRunCandidates.length, matched_pairs: pushed.rowsMoved, rows_moved: pushed.rowsMoved, query_ms: pushed.queryMs, equal_to_in_run: 'yes' });
}

it('pushdown equals in-run on the sample CRM', async () => {
  await expectEqual('crm', CRM_ROWS, { mode: 'dedup', rules: DEFAULT_RULES, prepare: { defaultCountryCode: '1' } });
});

it.skipIf(!haveFebrl)('pushdown equals in-run on Febrl 4a ↔ 4b', async () => {
  await expectEqual('febrl4', [...loadFebrl('dataset4a.csv', '4a'), ...loadFebrl('dataset4b.csv', '4b')], { mode: 'link', rules: DEFAULT_RULES });
});

it(`pushdown on a ${ROWS.toLocaleString('en')}-row synthetic table moves only pairs`, async () => {
  const config: ResolverConfig = { mode: 'dedup', rules: DEFAULT_RULES };
  const people = syntheticPeople({ rows: ROWS, seed: 14 });
  const t0 = performance.now();
  const prepared = prepareAll(people, config);
  const t1 = performance.now();
  const table = await loadForms(p, 'synthetic', prepared);
  const t2 = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const pushed = await resolvePushedDown(p, table, prepared, config);
  expect(pushed.rowsMoved).toBeLessThan(ROWS);
  report('er.pushdown.synthetic', {
    records: ROWS,
    rows_moved: pushed.rowsMoved,
    rows_moved_per_record: pushed.rowsMoved / ROWS,
    columns_moved: 2 + DEFAULT_RULES.length,
    total_ms: performance.now() - t0,
    prepare_ms: t1 - t0,
    load_warehouse_ms: t2 - t1,
    query_ms: pushed.queryMs,
    finish_ms: pushed.finishMs,
    entities: pushed.resolution.stats.clusters,
    // The run's JavaScript heap: before the query it holds the records (kept for survivorship); the
    // growth is the pairs and the resolution. The warehouse's memory is DuckDB's, capped by the fake.
    run_heap_before_query_mb: heapBefore / 2 ** 20,
    run_heap_mb: process.memoryUsage().heapUsed / 2 ** 20,
  });
});
