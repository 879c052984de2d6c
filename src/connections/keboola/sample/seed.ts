import type { Env } from '../../../env';
import { parseCsv, type CsvTable } from './csv';
import { readManifest, updateManifest, type Manifest, type TableEntry } from './manifest';
import { parseTableId, sampleCatalogue, seedCsv, SAMPLE_PREFIX } from './project';

/**
 * Copies the bundled sample tables into R2 (spec §7: "seeded on first start"). Idempotent: only
 * objects that are missing are written (create-only puts, so two Workers seeding at once cannot
 * overwrite each other or a table someone has since imported into), and only missing manifest
 * entries are added. Returns the keys it wrote.
 *
 * Seeding is lazy — the first use of the sample backend, not the Tenant object's start: a
 * deployment that has Keboola configured never writes the sample, the tenant needs no knowledge of
 * it, and a wiped bucket heals on the next use instead of at the next restart.
 */
export async function seedSampleProject(env: Env): Promise<{ written: string[] }> {
  const { buckets, tables } = sampleCatalogue();
  const existing = await listKeys(env.BUCKET, SAMPLE_PREFIX);
  const before = await readManifest(env.BUCKET);
  const now = new Date().toISOString();
  const written: string[] = [];
  const entries = new Map<string, TableEntry>();
  for (const seed of tables) {
    const table = parseTableId(seed.id)!;
    // Checked before anything is stored: a broken bundled file is skipped (calls on that table say
    // why), so it never blocks the other tables nor stays in R2 after the file is fixed.
    const bundled = checkedSeed(seed.id);
    let csv: string;
    let etag: string;
    if (!existing.has(table.key)) {
      if ('problem' in bundled) continue;
      const object = await env.BUCKET.put(table.key, bundled.csv, { httpMetadata: { contentType: 'text/csv; charset=utf-8' }, onlyIf: new Headers({ 'if-none-match': '*' }) });
      if (object) {
        written.push(table.key);
        [csv, etag] = [bundled.csv, object.etag];
      } else {
        // A concurrent first request stored it a moment ago (after checking it): describe it here
        // too, so this request's manifest has it even before that request writes its own.
        const stored = await storedCsv(env, table.key);
        if (!stored) continue;
        ({ csv, etag } = stored);
      }
    } else if (!before.tables[seed.id]) {
      // The data is there but its entry is not (an interrupted seed): describe what is stored, or
      // replace it when it is not valid CSV (left by an older seeder that stored before checking).
      const stored = await storedCsv(env, table.key);
      if (!stored) continue;
      ({ csv, etag } = stored);
      if (typeof tryParse(csv) === 'string') {
        if ('problem' in bundled) continue;
        const replaced = await env.BUCKET.put(table.key, bundled.csv, { httpMetadata: { contentType: 'text/csv; charset=utf-8' }, onlyIf: { etagMatches: etag } });
        if (!replaced) continue;
        written.push(table.key);
        [csv, etag] = [bundled.csv, replaced.etag];
      }
    } else continue;
    const parsed = tryParse(csv) as CsvTable; // valid: checked above, or stored by this seeder after checking
    entries.set(seed.id, {
      columns: parsed.columns, primary_key: seed.primary_key, rows_count: parsed.rows.length, data_size_bytes: new TextEncoder().encode(csv).byteLength,
      created: now, last_import_date: now, last_change_date: now, etag, description: seed.description,
    });
  }
  await updateManifest(env.BUCKET, (manifest) => {
    let changed = false;
    for (const b of buckets) {
      if (manifest.buckets[b.id]) continue;
      manifest.buckets[b.id] = { description: b.description, created: now };
      changed = true;
    }
    for (const [id, entry] of entries) {
      // A freshly written object always gets its entry; a described one only if still missing.
      if (manifest.tables[id] && !written.includes(parseTableId(id)!.key)) continue;
      manifest.tables[id] = entry;
      changed = true;
    }
    return changed;
  });
  return { written };
}

/**
 * The manifest, seeding first when any bundled bucket or table is missing from it. Costs one R2
 * read once seeded, and every backend call needs the manifest anyway.
 */
export async function seededManifest(env: Env): Promise<Manifest> {
  const manifest = await readManifest(env.BUCKET);
  const { buckets, tables } = sampleCatalogue();
  const missing = (id: string) => !manifest.tables[id] && !('problem' in checkedSeed(id));
  if (buckets.every((b) => manifest.buckets[b.id]) && !tables.some((t) => missing(t.id))) return manifest;
  await seedSampleProject(env);
  return readManifest(env.BUCKET);
}

async function storedCsv(env: Env, key: string): Promise<{ csv: string; etag: string } | null> {
  const object = await env.BUCKET.get(key);
  return object ? { csv: await object.text(), etag: object.etag } : null;
}

/** Why a bundled table cannot be seeded, if it cannot; undefined for a table not in the bundle. */
export function seedProblem(tableId: string): string | undefined {
  if (!sampleCatalogue().tables.some((t) => t.id === tableId)) return undefined;
  const checked = checkedSeed(tableId);
  return 'problem' in checked ? checked.problem : undefined;
}

// Keyed by the bundled text, which never changes within an isolate: each file is checked once.
const checkedTexts = new Map<string, string | null>();

function checkedSeed(tableId: string): { csv: string } | { problem: string } {
  const csv = seedCsv(parseTableId(tableId)!);
  if (!checkedTexts.has(csv)) {
    const parsed = tryParse(csv);
    checkedTexts.set(csv, typeof parsed === 'string' ? parsed : null);
  }
  const problem = checkedTexts.get(csv);
  return problem ? { problem } : { csv };
}

/** The table, or why it is not valid CSV. */
function tryParse(csv: string): CsvTable | string {
  try {
    return parseCsv(csv, (problem) => new Error(problem));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function listKeys(bucket: R2Bucket, prefix: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    for (const object of page.objects) keys.add(object.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}
