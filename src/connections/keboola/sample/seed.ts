import type { Env } from '../../../env';
import { parseCsv } from './csv';
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
    let csv: string;
    let etag: string;
    if (!existing.has(table.key)) {
      csv = seedCsv(table);
      const object = await env.BUCKET.put(table.key, csv, { httpMetadata: { contentType: 'text/csv; charset=utf-8' }, onlyIf: new Headers({ 'if-none-match': '*' }) });
      if (!object) continue; // someone else seeded it a moment ago; their manifest entry covers it
      written.push(table.key);
      etag = object.etag;
    } else if (!before.tables[seed.id]) {
      // The data is there but its entry is not (an interrupted seed): describe what is stored.
      const object = await env.BUCKET.get(table.key);
      if (!object) continue;
      [csv, etag] = [await object.text(), object.etag];
    } else continue;
    const { columns, rows } = parseCsv(csv, (problem) => new Error(`Sample table ${seed.id} is not valid CSV: ${problem}`));
    entries.set(seed.id, {
      columns, primary_key: seed.primary_key, rows_count: rows.length, data_size_bytes: new TextEncoder().encode(csv).byteLength,
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
  if (buckets.every((b) => manifest.buckets[b.id]) && tables.every((t) => manifest.tables[t.id])) return manifest;
  await seedSampleProject(env);
  return readManifest(env.BUCKET);
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
