// Issue 14, the data-cleanup tool chain above the pushdown threshold, in Node: three Keboola-like
// exports of ER_CHAIN_ROWS rows in all (20,000 by default so `npm run bench` stays short;
// ER_CHAIN_ROWS=250000 for the size, about a few minutes) go through the real scripts —
// normalise (streamed), resolve from the warehouse's pairs (streamed, holding only members of
// multi-record clusters), validate — with the warehouse step standing in for
// keboola.workspace.match_pairs (the forms loaded into DuckDB as a CSV, the Snowflake statement
// run through the Query Service client, as bench/er-pushdown.bench.ts does). Per step: time, and
// the peak of the JavaScript heap above what it held before the step (workspace files live
// outside the heap, as in R2). For contrast, resolverFromPairs over every prepared record (the
// path before this change); the two must write the same cluster map and golden records.
// `npx vitest run --config bench/er.vitest.config.ts bench/er-pushdown-chain.bench.ts`
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CANONICAL_FIELDS, DEFAULT_RULES, pairsToMatches, pushdownSql, resolverFromPairs, syntheticPeople, toCsv } from '../src/er';
import { Continuation, type SkillScriptContext } from '../src/skills/script';
import { readNormalisedSources } from '../src/skills/normalised-sources';
import * as normalise from '../skills/schema-normalization/scripts/normalise';
import * as resolve from '../skills/entity-resolution/scripts/resolve';
import * as validate from '../skills/entity-resolution/scripts/validate';
import { CLUSTER_MAP_COLUMNS, clusterMapRow, GOLDEN_COLUMNS, goldenRow } from '../skills/entity-resolution/lib/outputs';
import { loadForms, prepareAll, startPushdown, stopPushdown, type Pushdown } from './er-pushdown-harness';
import { report } from './report';

const ROWS = Number(process.env.ER_CHAIN_ROWS ?? 20_000);
const TABLES = ['in.c-crm.salesforce', 'in.c-crm.hubspot', 'in.c-crm.zendesk'];
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let p: Pushdown;
beforeAll(async () => {
  p = await startPushdown();
});
afterAll(async () => {
  if (p) await stopPushdown(p);
});

/** A run workspace whose files are bytes outside the JavaScript heap (R2 in production). */
function offHeapWorkspace(files: Map<string, Buffer>): SkillScriptContext {
  const bytes = (path: string) => {
    const file = files.get(path);
    if (!file) throw new Error(`Artifact "${path}" was not found`);
    return file;
  };
  return {
    run_id: 'bench', step_id: 'step', call_id: 'call', dry_run: false,
    readArtifact: async (path) => bytes(path).toString('utf8'),
    readArtifactSlices: async (path) => (async function* () {
      yield bytes(path).toString('utf8');
    })(),
    writeArtifact: async (path, body) => (files.set(path, Buffer.from(body)), { path } as never),
    readChunks: async (path) => (async function* () {
      const file = bytes(path);
      for (let from = 0; from < file.byteLength; from += 1 << 16) yield file.subarray(from, from + (1 << 16));
    })(),
    writeStream: async (path, chunks) => {
      const parts: Buffer[] = [];
      for await (const chunk of chunks) parts.push(Buffer.from(chunk));
      files.set(path, Buffer.concat(parts));
      return { path } as never;
    },
    emit: () => {},
    memory: new Map(),
    continueWith: (checkpoint, progress) => new Continuation(checkpoint, progress),
  };
}

/**
 * `fn`'s time, and the peak of the live heap above the heap before it: every SAMPLE_MS (the steps
 * let timers in between slices) a full collection, then the heap's size — what the step holds,
 * not the garbage it has not yet collected (heapUsed alone showed the streamed resolve's garbage as
 * if held). The collections add to the time: compare times without them (`*_ms` of a run with
 * ER_CHAIN_SAMPLE_MS=0).
 */
const SAMPLE_MS = Number(process.env.ER_CHAIN_SAMPLE_MS ?? 100);
/** A 250,000-row run takes minutes (more on a loaded machine; sample less often there: ER_CHAIN_SAMPLE_MS=2000). */
const TIMEOUT_MS = 40 * 60_000;
async function measured<T>(step: string, fn: (sample: () => void) => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    if (SAMPLE_MS === 0) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = SAMPLE_MS > 0 ? setInterval(sample, SAMPLE_MS) : undefined;
  const t0 = performance.now();
  try {
    // A step whose work is synchronous between awaits samples at its own points too (no timer fires within).
    const value = await fn(sample);
    const ms = performance.now() - t0;
    if (timer) sample();
    const peakMb = timer ? (peak - base) / 2 ** 20 : NaN;
    // A line per step as it ends: a long run shows where it is, and keeps what it measured if a later step fails.
    report(`er.chain.${step}`, { records: ROWS, ms, live_heap_peak_mb: Number(peakMb.toFixed(1)) });
    return { value, ms, peakMb };
  } finally {
    clearInterval(timer);
  }
}

it(`the chain on ${ROWS.toLocaleString('en')} rows: normalise, warehouse pairs, resolve and validate, memory by step`, async () => {
  const files = new Map<string, Buffer>();
  {
    const people = syntheticPeople({ rows: ROWS, seed: 14 });
    const fields = CANONICAL_FIELDS.filter((f) => people.some((x) => x.fields[f]));
    const share = Math.ceil(ROWS / TABLES.length);
    TABLES.forEach((table, t) => {
      const part = people.slice(t * share, (t + 1) * share);
      files.set(`exports/${table}.csv`, Buffer.from(toCsv(['Id', ...fields], part.map((x, i) => [`${t}-${i}`, ...fields.map((f) => x.fields[f] ?? '')]))));
    });
  }
  const ctx = offHeapWorkspace(files);
  const exportMb = TABLES.reduce((n, t) => n + files.get(`exports/${t}.csv`)!.byteLength, 0) / 2 ** 20;
  const sources = TABLES.map((t) => `normalised/${t}.csv`);

  const normalised = await measured('normalise', async () => {
    for (const table of TABLES) await normalise.run(normalise.args.parse({ artifact: `exports/${table}.csv`, source: table }), ctx);
  });

  // Stand-in for match_pairs: read, prepare and profile every record, load the forms, query, write the pairs.
  const config = { mode: 'dedup', rules: DEFAULT_RULES } as const;
  const warehouse = await measured('warehouse', async (sample) => {
    const prepared = prepareAll(await readNormalisedSources((path) => ctx.readArtifact(path), sources), config);
    sample();
    const table = await loadForms(p, 'chain', prepared);
    const outcome = await p.client.runQuery(pushdownSql(config.rules, { table, mode: 'dedup' }), Number.MAX_SAFE_INTEGER);
    const matches = pairsToMatches(outcome.rows);
    const lines = ['left,right,rules'];
    for (let i = 0; i < matches.length; i += 3) lines.push(`${matches[i]},${matches[i + 1]},${matches[i + 2]}`);
    files.set('er/pairs.csv', Buffer.from(`${lines.join('\n')}\n`));
    return { forms: prepared.length, pairs: outcome.rows.length, matches };
  });

  const resolved = await measured('resolve', async () => {
    const result = await resolve.run(resolve.args.parse({ sources, pairs: 'er/pairs.csv' }), ctx);
    if (result instanceof Continuation) throw new Error('resolve from pairs finishes in one call');
    return result;
  });

  const validated = await measured('validate', () => validate.run(validate.args.parse({ sources }), ctx));
  expect(validated.value.accounting_errors).toBe(0);

  // Before this change: every prepared record held while clustering and building golden records.
  const allRecords = await measured('all_records_resolve', async (sample) => {
    const prepared = prepareAll(await readNormalisedSources((path) => ctx.readArtifact(path), sources), config);
    sample();
    const resolution = resolverFromPairs(prepared, config, warehouse.value.matches).finish();
    sample();
    const written = { clusterMap: toCsv(CLUSTER_MAP_COLUMNS, resolution.clusterMap.map(clusterMapRow)), golden: toCsv(GOLDEN_COLUMNS, resolution.golden.map(goldenRow)) };
    sample();
    return written;
  });
  expect(files.get('er/cluster_map.csv')!.toString('utf8') === allRecords.value.clusterMap, 'cluster map equal to resolverFromPairs').toBe(true);
  expect(files.get('er/golden.csv')!.toString('utf8') === allRecords.value.golden, 'golden records equal to resolverFromPairs').toBe(true);

  const mb = (n: number) => Number(n.toFixed(1));
  report('er.chain', {
    records: ROWS,
    export_mb: mb(exportMb),
    forms_up: warehouse.value.forms,
    pairs_down: warehouse.value.pairs,
    entities: resolved.value.stats.clusters,
    multi_record_clusters: resolved.value.stats.multiRecordClusters,
    normalise_ms: normalised.ms,
    normalise_heap_peak_mb: mb(normalised.peakMb),
    warehouse_ms: warehouse.ms,
    warehouse_heap_peak_mb: mb(warehouse.peakMb),
    resolve_ms: resolved.ms,
    resolve_heap_peak_mb: mb(resolved.peakMb),
    validate_ms: validated.ms,
    validate_heap_peak_mb: mb(validated.peakMb),
    all_records_resolve_ms: allRecords.ms,
    all_records_resolve_heap_peak_mb: mb(allRecords.peakMb),
  });
}, TIMEOUT_MS);
