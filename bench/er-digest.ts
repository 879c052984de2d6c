/// <reference types="node" />
// A digest of everything the ER engine outputs (records, cluster map, golden records, clusters,
// matches, summary, profile) on Febrl 4 (with and without the national id), Febrl 3, 20,000
// synthetic rows and the 5,000-row hard-case set, driven in units with a JSON checkpoint between
// phases as er.bench.ts drives it. Speed work must leave every hash unchanged:
//   npx esbuild bench/er-digest.ts --bundle --platform=node --format=esm --outfile=/tmp/er-digest.mjs && node /tmp/er-digest.mjs
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createResolver, mapColumns, restoreResolver, syntheticPeople, toSourceRecords, type MatchedPair, type Resolver, type SourceRecord } from '../src/er';
import { hardCaseCrm } from './er-hard-cases';

// Run from the repository root (the bundle lives elsewhere), as er.bench.ts finds the data.
const febrl = join(process.cwd(), '../shared/data/febrl');

function loadFebrl(file: string, source: string): SourceRecord[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(febrl, file), 'utf8'), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim(), transform: (v) => v.trim() });
  return toSourceRecords(source, parsed.data, mapColumns(parsed.meta.fields ?? []));
}

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

function digest(mode: 'dedup' | 'link', records: SourceRecord[]): Record<string, string> {
  let r: Resolver = createResolver({ mode });
  const checkpoint = () => (r = restoreResolver(JSON.parse(JSON.stringify(r.snapshot({ records: false }))), r.records));
  for (let i = 0; i < records.length; i += 1000) r.addRecords(records.slice(i, i + 1000));
  checkpoint();
  while (!r.stepBlocking().done);
  checkpoint();
  while (!r.stepComparisons().done);
  checkpoint();
  while (!r.stepFinish().done);
  checkpoint();
  const { clusters: count } = r.summary().stats;
  const matches: MatchedPair[] = [];
  for (let next: number | null = 0; next !== null; ) {
    const page = r.matchesPage(next, 5000);
    matches.push(...page.pairs);
    next = page.next;
  }
  return {
    records: hash(r.records),
    clusterMap: hash(r.clusterMapPage(0, records.length)),
    golden: hash(r.goldenPage(0, count)),
    clusters: hash(r.clustersPage(0, count)),
    matches: hash(matches),
    summary: hash(r.summary()),
    profile: hash(r.profileSummary()),
  };
}

const febrl4 = [...loadFebrl('dataset4a.csv', '4a'), ...loadFebrl('dataset4b.csv', '4b')];
const hard = hardCaseCrm({ rows: 5000, seed: 14 });
const sets: [string, 'dedup' | 'link', () => SourceRecord[]][] = [
  ['febrl4', 'link', () => febrl4],
  ['febrl4_no_national_id', 'link', () => febrl4.map((x) => ({ ...x, fields: { ...x.fields, national_id: '' } }))],
  ['febrl3', 'dedup', () => loadFebrl('dataset3.csv', '3')],
  ['synthetic_20k', 'dedup', () => syntheticPeople({ rows: 20_000, seed: 7 })],
  ['hard_5k', 'dedup', () => hard.tables.flatMap((t) => toSourceRecords(t.id, t.rows, mapColumns(t.columns)))],
];
const all: Record<string, Record<string, string>> = {};
for (const [name, mode, records] of sets) {
  all[name] = digest(mode, records());
  console.log(name, JSON.stringify(all[name]));
}
console.log('all', hash(all));
