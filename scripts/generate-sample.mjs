// Generates the built-in sample project (spec §7; scenarios A and B in §10) into sample/: three
// messy CRM contact sources with a ground truth of who is who, two periods of cost-allocation data,
// a year of Salesforce opportunities with their stage history and its process-mining ground truth,
// accounts receivable for cash collection and deductions with its ground truth, two years of weekly
// sales lines and standard costs for the margin cockpit with its ground truth, and the configured
// components. Seeded and free of wall-clock time, locale and hash order, so it always writes the same
// bytes. `--check` regenerates into a temp dir and fails unless sample/ is reproduced byte for byte
// (.ci/run calls it); `--out <dir>` writes somewhere else.
import { mkdirSync, writeFileSync, readFileSync, readdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { prng, toCsv } from './generate-sample/lib.mjs';
import { crmTables } from './generate-sample/crm.mjs';
import { financeTables } from './generate-sample/finance.mjs';
import { pipelineTables } from './generate-sample/pipeline.mjs';
import { receivablesTables } from './generate-sample/receivables.mjs';
import { marginTables } from './generate-sample/margin.mjs';
import { COMPONENTS, readme } from './generate-sample/catalog.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every file of sample/, by path relative to it. Separate seeds keep CRM, finance, pipeline, receivables and margin independent. */
export function generate() {
  const crm = crmTables(prng('agent-studio sample crm v1'));
  const finance = financeTables(prng('agent-studio sample finance v1'));
  const pipeline = pipelineTables(prng('agent-studio sample pipeline v1'));
  const receivables = receivablesTables(prng('agent-studio sample receivables v1'));
  const margin = marginTables(prng('agent-studio sample margin v1'));
  const tables = [...crm.tables, ...finance.tables, ...pipeline.tables, ...receivables.tables, ...margin.tables];
  const files = {};
  for (const t of tables) {
    const [stage, bucket, name] = t.id.split('.');
    files[`${stage}.${bucket}/${name}.csv`] = toCsv(t.columns, t.rows);
  }
  files['ground-truth/crm-entities.csv'] = toCsv(['source', 'row_id', 'entity_id', 'corruptions'], crm.truth);
  files['ground-truth/cost-variances.csv'] = toCsv(finance.variances.columns, finance.variances.rows);
  files['ground-truth/pipeline-process.json'] = json(pipeline.truth);
  files['ground-truth/collections.json'] = json(receivables.truth);
  files['ground-truth/margin.json'] = json(margin.truth);
  files['tables.json'] = json(tablesJson(tables));
  files['components.json'] = json(COMPONENTS);
  files['README.md'] = readme(crm, finance, pipeline, receivables, margin, tables, files);
  return files;
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Bucket and table descriptions and primary keys; columns and row counts come from the CSVs. Buckets
 * come in the order of their first table; a bucket's description is that of its last table, so a
 * generator that adds tables to a bucket describes the bucket as a whole.
 */
function tablesJson(tables) {
  const buckets = [];
  for (const t of tables) {
    const id = t.id.split('.').slice(0, 2).join('.');
    const bucket = buckets.find((b) => b.id === id);
    if (bucket) bucket.description = t.bucketDescription;
    else buckets.push({ id, description: t.bucketDescription });
  }
  return { buckets, tables: tables.map((t) => ({ id: t.id, description: t.description, primary_key: t.primaryKey })) };
}

function write(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function listFiles(dir, base = dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path).split('\\').join('/')];
  });
}

function check() {
  const temp = mkdtempSync(join(tmpdir(), 'agent-studio-sample-'));
  try {
    write(temp, generate());
    const committed = join(ROOT, 'sample');
    const ours = listFiles(temp);
    const theirs = listFiles(committed);
    const problems = [
      ...ours.filter((f) => !theirs.includes(f)).map((f) => `missing: sample/${f}`),
      ...theirs.filter((f) => !ours.includes(f)).map((f) => `not generated: sample/${f}`),
      ...ours.filter((f) => theirs.includes(f) && !readFileSync(join(temp, f)).equals(readFileSync(join(committed, f)))).map((f) => `differs: sample/${f}`),
    ];
    if (problems.length > 0) {
      console.error(`sample/ is not what scripts/generate-sample.mjs produces:\n  ${problems.join('\n  ')}\nRegenerate with: node scripts/generate-sample.mjs`);
      process.exit(1);
    }
    console.log(`sample/ is reproduced byte for byte (${ours.length} files)`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) check();
  else {
    const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, 'sample');
    write(out, generate());
    console.log(`wrote ${relative(process.cwd(), out) || '.'}`);
  }
}
