/// <reference types="node" />
// Entity-resolution quality and speed (issue 6): Febrl 4a ↔ 4b linkage and dataset3 dedup with
// the default rules (precision / recall / F1 against the rec_id ground truth), and a seeded
// 100,000-row synthetic input for total time. Everything goes through the chunked driver with
// its default budgets, as a Playbook loop would call it: every call is a "unit", and the
// slowest unit's CPU time shows whether any single call could hit a Worker's CPU limit.
// Persistence is simulated the way a caller would do it: each added chunk of prepared records
// is serialised once (they never change), and the rest of the state is checkpointed (JSON round
// trip without records) at each phase boundary; both costs and sizes are reported.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, it } from 'vitest';
import { CANONICAL_FIELDS, createResolver, DEFAULT_RULES, deriveProfile, mapColumns, pairMetrics, prepareRecord, restoreResolver, syntheticPeople, toCsv, toSourceRecords, type CanonicalField, type ClusterMapRow, type Resolver, type ResolverConfig, type SourceRecord } from '../src/er';
import { hardCaseCrm } from './er-hard-cases';
import * as normalise from '../skills/schema-normalization/scripts/normalise';
import * as proposeRulesScript from '../skills/entity-resolution/scripts/propose_rules';
import * as resolve from '../skills/entity-resolution/scripts/resolve';
import { memoryScriptContext, runToEnd } from '../test/skills/script-context';
import { analyseMisses, formatAnalysis, type AnalysedRow } from './er-misses';
import { report } from './report';

const root = join(import.meta.dirname, '..');

// One line per dataset in the closing table: P, R, F1, CPU time and records per CPU second.
const summary: { name: string; records: number; precision: number; recall: number; f1: number; cpuMs: number }[] = [];
function summarise(name: string, records: number, m: { precision: number; recall: number; f1: number }, cpuMs: number): void {
  summary.push({ name, records, precision: m.precision, recall: m.recall, f1: m.f1, cpuMs });
}
afterAll(() => {
  const pad = (v: string, n: number) => v.padStart(n);
  console.log(`\nER summary (CPU = user + system time of the whole resolution; records/s = records per CPU second)`);
  console.log(`${'dataset'.padEnd(44)}${pad('records', 9)}${pad('P', 8)}${pad('R', 8)}${pad('F1', 8)}${pad('CPU ms', 9)}${pad('rec/s', 9)}`);
  for (const r of summary) {
    console.log(`${r.name.padEnd(44)}${pad(String(r.records), 9)}${pad(r.precision.toFixed(3), 8)}${pad(r.recall.toFixed(3), 8)}${pad(r.f1.toFixed(3), 8)}${pad(String(Math.round(r.cpuMs)), 9)}${pad(String(Math.round(r.records / (r.cpuMs / 1000))), 9)}`);
  }
  // Issue 14's target. Febrl 4 runs first, so its CPU time includes compiling the engine's code
  // in a fresh process (cold), as a Worker's first resolution would.
  const febrl4 = summary.find((r) => r.name === 'er.febrl4_linkage');
  if (febrl4) {
    const perCpuSecond = Math.round(febrl4.records / (febrl4.cpuMs / 1000));
    const met = febrl4.f1 >= TARGET_F1 && perCpuSecond >= TARGET_RECORDS_PER_CPU_S;
    const warmed = summary.find((r) => r.name === 'er.febrl4_linkage_warmed');
    const warmedNote = warmed ? `; warmed ${Math.round(warmed.records / (warmed.cpuMs / 1000)).toLocaleString('en')}` : '';
    console.log(`Febrl 4 target (F1 ≥ ${TARGET_F1}, ≥ ${TARGET_RECORDS_PER_CPU_S.toLocaleString('en')} records per CPU second): F1 ${febrl4.f1.toFixed(3)}, ${perCpuSecond.toLocaleString('en')} records per CPU second cold${warmedNote} — ${met ? 'met' : 'not met'}`);
  }
});
const TARGET_F1 = 0.99;
const TARGET_RECORDS_PER_CPU_S = 20_000;
const febrl = join(root, '../shared/data/febrl');
const CHUNK = 1_000;
const PAGE = 5_000;

function loadFebrl(file: string, source: string): { records: SourceRecord[]; truth: Map<string, string> } {
  const text = readFileSync(join(febrl, file), 'utf8');
  // Febrl writes ", " between fields: trim every header and value.
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim(), transform: (v) => v.trim() });
  const records = toSourceRecords(source, parsed.data, mapColumns(parsed.meta.fields ?? []));
  return { records, truth: new Map(records.map((r) => [`${source}:${r.id}`, /^rec-(\d+)/.exec(r.id)![1]!])) };
}

type Run = { clusterMap: ClusterMapRow[]; resolver: Resolver; wallMs: number; cpuMs: number; units: number; slowestUnitCpuMs: number; slowestUnit: string; cpuByKind: Record<string, number>; checkpointMs: number; stateMb: number; recordsMb: number };

/** Drives a resolver in bounded units: add chunks, block, compare, finish, read pages. */
function resolveInUnits(config: ResolverConfig, records: SourceRecord[]): Run {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let resolver = createResolver(config);
  let units = 0;
  let slowest = 0;
  let checkpointMs = 0;
  let stateMb = 0;
  let recordsMb = 0;
  let slowestKind = '';
  // Where the CPU goes, per kind of unit (the rest is the simulated persistence).
  const cpuByKind: Record<string, number> = {};
  const unit = <T>(kind: string, work: () => T): T => {
    const c = process.cpuUsage();
    const value = work();
    const used = process.cpuUsage(c);
    const ms = (used.user + used.system) / 1000;
    cpuByKind[kind] = (cpuByKind[kind] ?? 0) + ms;
    if (ms > slowest) [slowest, slowestKind] = [ms, kind];
    units++;
    return value;
  };
  const checkpoint = () => {
    const t = performance.now();
    const json = JSON.stringify(resolver.snapshot({ records: false }));
    stateMb = Math.max(stateMb, json.length / 1e6);
    resolver = restoreResolver(JSON.parse(json), resolver.records);
    checkpointMs += performance.now() - t;
  };
  for (let i = 0; i < records.length; i += CHUNK) {
    const before = resolver.records.length;
    unit('add', () => resolver.addRecords(records.slice(i, i + CHUNK)));
    const t = performance.now();
    recordsMb += JSON.stringify(resolver.records.slice(before)).length / 1e6;
    checkpointMs += performance.now() - t;
  }
  checkpoint();
  while (!unit('block', () => resolver.stepBlocking().done));
  checkpoint();
  while (!unit('compare', () => resolver.stepComparisons().done));
  checkpoint();
  while (!unit('finish', () => resolver.stepFinish().done));
  checkpoint();
  const clusterMap: ClusterMapRow[] = [];
  for (let offset = 0; offset < records.length; offset += PAGE) clusterMap.push(...unit('cluster_map_page', () => resolver.clusterMapPage(offset, PAGE)));
  const clusters = resolver.summary().stats.clusters;
  for (let offset = 0; offset < clusters; offset += PAGE) unit('golden_page', () => resolver.goldenPage(offset, PAGE));
  const cpu = process.cpuUsage(cpu0);
  return { clusterMap, resolver, wallMs: performance.now() - wall0, cpuMs: (cpu.user + cpu.system) / 1000, units, slowestUnitCpuMs: slowest, slowestUnit: slowestKind, cpuByKind, checkpointMs, stateMb, recordsMb };
}

function measure(name: string, mode: 'dedup' | 'link', records: SourceRecord[], truthOf: (row: ClusterMapRow) => string): void {
  const run = resolveInUnits({ mode }, records);
  const m = pairMetrics(run.clusterMap.map((row) => ({ entity: row.entity_id, truth: truthOf(row), source: row.source })), mode);
  const { stats, validation } = run.resolver.summary();
  report(name, {
    records: records.length,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    true_pairs: m.truePairs,
    predicted_pairs: m.predictedPairs,
    pairs_compared: stats.comparedPairs,
    reduction_ratio: stats.reductionRatio,
    records_per_cpu_s: Math.round(records.length / (run.cpuMs / 1000)),
    records_per_s: Math.round(records.length / (run.wallMs / 1000)),
    total_ms: Math.round(run.wallMs),
    cpu_ms: Math.round(run.cpuMs),
    units: run.units,
    slowest_unit_cpu_ms: Math.round(run.slowestUnitCpuMs),
    slowest_unit: run.slowestUnit,
    checkpoint_ms: Math.round(run.checkpointMs),
    state_mb: run.stateMb,
    records_mb: run.recordsMb,
    clusters: stats.clusters,
    hard_key_conflicts: validation.conflicts.length,
    oversized: validation.oversized.length,
    accounting_ok: String(validation.ok),
  });
  console.log(`  matches by rule: ${JSON.stringify(stats.matchesByRule)}`);
  console.log(`  pairs by pass: ${JSON.stringify(stats.comparedByPass)}`);
  console.log(`  CPU ms by unit kind: ${JSON.stringify(Object.fromEntries(Object.entries(run.cpuByKind).map(([kind, ms]) => [kind, Math.round(ms)])))}`);
  summarise(name, records.length, m, run.cpuMs);
}

const haveFebrl = existsSync(join(febrl, 'dataset4a.csv')) && existsSync(join(febrl, 'dataset3.csv'));
if (!haveFebrl) console.warn(`er.bench: Febrl data not found at ${febrl}; skipping the Febrl quality benchmarks`);

it.skipIf(!haveFebrl)('er: Febrl dataset4a ↔ dataset4b linkage', () => {
  const a = loadFebrl('dataset4a.csv', '4a');
  const b = loadFebrl('dataset4b.csv', '4b');
  const truth = new Map([...a.truth, ...b.truth]);
  measure('er.febrl4_linkage', 'link', [...a.records, ...b.records], (row) => truth.get(`${row.source}:${row.id}`)!);
});

// The same linkage again in the same process: the code is compiled by now, so this is the
// speed of a long-lived isolate; the first run above is the cold one the target is judged on.
it.skipIf(!haveFebrl)('er: Febrl dataset4a ↔ dataset4b linkage, warmed', () => {
  const a = loadFebrl('dataset4a.csv', '4a');
  const b = loadFebrl('dataset4b.csv', '4b');
  const truth = new Map([...a.truth, ...b.truth]);
  measure('er.febrl4_linkage_warmed', 'link', [...a.records, ...b.records], (row) => truth.get(`${row.source}:${row.id}`)!);
});

// The same linkage with the social security number blanked: how well the name, date and
// address rules do on their own, as on CRM data that has no national identifier.
it.skipIf(!haveFebrl)('er: Febrl dataset4a ↔ dataset4b linkage without soc_sec_id', () => {
  const a = loadFebrl('dataset4a.csv', '4a');
  const b = loadFebrl('dataset4b.csv', '4b');
  const truth = new Map([...a.truth, ...b.truth]);
  const records = [...a.records, ...b.records].map((r) => ({ ...r, fields: { ...r.fields, national_id: '' } }));
  measure('er.febrl4_linkage_no_national_id', 'link', records, (row) => truth.get(`${row.source}:${row.id}`)!);
});

it.skipIf(!haveFebrl)('er: Febrl dataset3 deduplication', () => {
  const d = loadFebrl('dataset3.csv', '3');
  measure('er.febrl3_dedup', 'dedup', d.records, (row) => d.truth.get(`${row.source}:${row.id}`)!);
});

// The generated CRM sample (sample/, scenario A) through the skills' own scripts, as a scripted
// Playbook runs them: normalise each export, then resolve with every default rule. Measured
// against sample/ground-truth/crm-entities.csv, with every missed duplicate group and every
// wrong merge explained (bench/er-misses.ts); docs/er-quality.md quotes the output.
const CRM_TABLES = ['in.c-salesforce.contacts', 'in.c-hubspot.contacts', 'in.c-zendesk.users'];

type Truth = Map<string, { entity: string; tags: string[] }>;
const rowKey = (source: string, id: string) => `${source}\u0001${id}`;
const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' }).data;

/**
 * Three CRM exports through the skills' own scripts, as a scripted Playbook runs them: normalise
 * each (default country code 1, month-first dates), then either resolve with every default rule
 * or ask propose_rules and resolve with the rules it recommends. Scored against the truth, with
 * every missed duplicate group and every wrong merge explained (bench/er-misses.ts).
 */
async function crmThroughSkills(name: string, exports: Record<string, string>, truth: Truth, rules: 'all' | 'recommended', analysis: { all?: boolean; top?: number } = {}): Promise<void> {
  const files: Record<string, string> = Object.fromEntries(Object.entries(exports).map(([table, text]) => [`exports/${table}.csv`, text]));
  const normalised = CRM_TABLES.map((t) => `normalised/${t}.csv`);
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const table of CRM_TABLES) await normalise.run(normalise.args.parse({ artifact: `exports/${table}.csv` }), memoryScriptContext(files));
  let chosen: string[] | undefined;
  let proposals: { id: string; matches: number; estimated_precision: number | null; why_not?: string }[] = [];
  if (rules === 'recommended') {
    const { result } = await runToEnd(proposeRulesScript.run, proposeRulesScript.args.parse({ sources: normalised }), memoryScriptContext(files));
    chosen = result.recommended;
    proposals = result.rules as typeof proposals;
  }
  const { result } = await runToEnd(resolve.run, resolve.args.parse({ sources: normalised, ...(chosen ? { rules: chosen } : {}) }), memoryScriptContext(files));
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const map = parse(files['er/cluster_map.csv']!);
  const m = pairMetrics(map.map((r) => ({ entity: r.entity_id!, truth: truth.get(rowKey(r.source!, r.row_id!))!.entity, source: r.source! })), 'dedup');
  const { stats } = result;
  report(name, {
    records: stats.records,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    true_pairs: m.truePairs,
    predicted_pairs: m.predictedPairs,
    pairs_compared: stats.comparedPairs,
    reduction_ratio: stats.reductionRatio,
    records_per_cpu_s: Math.round(stats.records / (cpuMs / 1000)),
    records_per_s: Math.round(stats.records / (wallMs / 1000)),
    total_ms: Math.round(wallMs),
    cpu_ms: Math.round(cpuMs),
    clusters: stats.clusters,
    accounting_ok: String(result.validation.ok),
  });
  if (chosen) {
    console.log(`  recommended rules: ${chosen.join(', ') || 'none'}`);
    for (const p of proposals) console.log(`    ${p.id}: ${p.matches} pairs, estimated precision ${p.estimated_precision === null ? 'unknown' : p.estimated_precision.toFixed(3)}${p.why_not ? ` — not recommended: ${p.why_not}` : ''}`);
  }
  console.log(`  matches by rule: ${JSON.stringify(stats.matchesByRule)}`);
  console.log(`  pairs by pass: ${JSON.stringify(stats.comparedByPass)}`);
  summarise(name, stats.records, m, cpuMs);

  // The records exactly as resolve read them back from the normalised files.
  const entityOf = new Map(map.map((r) => [rowKey(r.source!, r.row_id!), r.entity_id!]));
  const rows: AnalysedRow[] = normalised.flatMap((path) => parse(files[path]!).map((row) => {
    const fields = Object.fromEntries(CANONICAL_FIELDS.filter((f) => row[f] !== undefined).map((f) => [f, row[f]])) as Partial<Record<CanonicalField, string>>;
    const t = truth.get(rowKey(row.source!, row.row_id!))!;
    return { source: row.source!, id: row.row_id!, truth: t.entity, entity: entityOf.get(rowKey(row.source!, row.row_id!))!, tags: t.tags, record: prepareRecord({ source: row.source!, id: row.row_id!, fields }) };
  }));
  // The table's evidence as resolve derived it, so the analysis sees what the rules saw.
  deriveProfile(rows.map((r) => r.record));
  const used = chosen ? DEFAULT_RULES.filter((r) => chosen.includes(r.id)) : DEFAULT_RULES;
  // ER_BENCH_ALL=1 lists every finding, not one example per reason.
  for (const line of formatAnalysis(analyseMisses(rows, used), { all: analysis.all ?? process.env.ER_BENCH_ALL === '1', top: analysis.top })) console.log(line);
}

function sampleExports(): { exports: Record<string, string>; truth: Truth } {
  const exports: Record<string, string> = {};
  for (const table of CRM_TABLES) {
    const [stage, bucket, name] = table.split('.');
    exports[table] = readFileSync(join(root, 'sample', `${stage}.${bucket}`, `${name}.csv`), 'utf8');
  }
  const truth: Truth = new Map(parse(readFileSync(join(root, 'sample/ground-truth/crm-entities.csv'), 'utf8')).map((r) => [rowKey(r.source!, r.row_id!), { entity: r.entity_id!, tags: r.corruptions ? r.corruptions.split(' ') : [] }]));
  return { exports, truth };
}

it('er: CRM sample (normalise → resolve, default rules)', async () => {
  const { exports, truth } = sampleExports();
  await crmThroughSkills('er.crm_sample', exports, truth, 'all');
});

it('er: CRM sample (normalise → propose_rules → resolve, recommended rules)', async () => {
  const { exports, truth } = sampleExports();
  await crmThroughSkills('er.crm_sample_recommended', exports, truth, 'recommended', { top: 0 });
});

// The hard-case set (bench/er-hard-cases.ts): role mailboxes, namesakes at one employer at rising
// density, shared phones, complementary fields, swapped names with nicknames; 5k, 20k and 100k
// rows (ER_BENCH_HARD=5000,20000 to choose).
const HARD_SIZES = (process.env.ER_BENCH_HARD ?? '5000,20000,100000').split(',').filter(Boolean).map(Number);
for (const size of HARD_SIZES) {
  const label = size >= 1000 ? `${size / 1000}k` : String(size);
  const hard = () => {
    const set = hardCaseCrm({ rows: size, seed: 14 });
    const exports = Object.fromEntries(set.tables.map((t) => [t.id, toCsv(t.columns, t.rows.map((row) => t.columns.map((c) => row[c] ?? '')))]));
    const truth: Truth = new Map(set.truth.map((t) => [rowKey(t.source, t.row_id), { entity: t.entity_id, tags: t.tags }]));
    console.log(`  hard-case set ${label}: ${set.truth.length} rows, ${set.people} people, ${set.companies} companies, largest company ${set.largestCompany} people`);
    return { exports, truth };
  };
  it(`er: hard-case CRM ${label} (recommended rules)`, async () => {
    const { exports, truth } = hard();
    await crmThroughSkills(`er.hard_${label}_recommended`, exports, truth, 'recommended', { top: 8 });
  });
  it(`er: hard-case CRM ${label} (all default rules)`, async () => {
    const { exports, truth } = hard();
    await crmThroughSkills(`er.hard_${label}_all_rules`, exports, truth, 'all', { top: 8 });
  });
}

it('er: 100,000 synthetic rows', () => {
  const rows = syntheticPeople({ rows: 100_000, seed: 7 });
  const truth = new Map(rows.map((r) => [r.id, r.truth]));
  measure('er.synthetic_100k', 'dedup', rows, (row) => truth.get(row.id)!);
});
