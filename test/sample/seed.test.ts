import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { SAMPLE_FILES } from '../../src/generated/bundle';
import { SAMPLE_TABLES } from '../../src/generated/sample-tables.mjs';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { seedSampleProject } from '../../src/connections/keboola/sample/seed';
import { readManifest } from '../../src/connections/keboola/sample/manifest';
import { sampleContext } from './context';

// Storage is per test file, so this file starts with an empty bucket; tests run in order.
const TABLE_KEYS = Object.keys(SAMPLE_TABLES).map((p) => `sample/${p}`).sort();

describe('seeding the sample project into R2', () => {
  it('happens lazily on first use of the backend, under sample/<bucket>/<table>.csv with a manifest', async () => {
    expect(await env.BUCKET.head('sample/manifest.json')).toBeNull();
    const tables = await sampleBackend(sampleContext()).listTables();
    expect(tables.map((t) => t.id)).toContain('in.c-salesforce.contacts');
    const stored = (await env.BUCKET.list({ prefix: 'sample/' })).objects.map((o) => o.key).sort();
    expect(stored).toEqual([...TABLE_KEYS, 'sample/manifest.json'].sort());
    expect(TABLE_KEYS).toHaveLength(16);
  });

  it('writes nothing the second time', async () => {
    expect((await seedSampleProject(env)).written).toEqual([]);
  });

  it('rewrites only a missing object and never overwrites an imported table', async () => {
    const backend = sampleBackend(sampleContext());
    const replaced = 'cost_center,name,pool_type,allocation_driver,valid_from\nCC-900,Replaced by a test,it,order_lines,2026-01-01\n';
    await backend.importCsv('in.c-finance.cost_centers', replaced, { incremental: false });
    await env.BUCKET.delete('sample/in.c-finance/product_master.csv');

    expect((await seedSampleProject(env)).written).toEqual(['sample/in.c-finance/product_master.csv']);
    expect(await (await env.BUCKET.get('sample/in.c-finance/product_master.csv'))!.text()).toBe(SAMPLE_TABLES['in.c-finance/product_master.csv']);
    expect(await backend.exportCsv('in.c-finance.cost_centers')).toBe(replaced);
    expect((await backend.tableDetail('in.c-finance.cost_centers')).rows_count).toBe(1);
  });

  it('re-describes a table whose manifest entry is missing from the stored data, without rewriting it', async () => {
    const manifest = await readManifest(env.BUCKET);
    delete manifest.tables['in.c-finance.cost_centers'];
    await env.BUCKET.put('sample/manifest.json', JSON.stringify(manifest));

    expect((await seedSampleProject(env)).written).toEqual([]);
    const detail = await sampleBackend(sampleContext()).tableDetail('in.c-finance.cost_centers');
    expect(detail).toMatchObject({ rows_count: 1, primary_key: ['cost_center'] });
  });

  it('describes every bundled table as stored: columns, primary key, row count, size, import date', async () => {
    const backend = sampleBackend(sampleContext());
    const catalogue = JSON.parse(SAMPLE_FILES['tables.json']!) as { tables: { id: string; primary_key: string[] }[] };
    for (const { id, primary_key } of catalogue.tables.filter((t) => t.id !== 'in.c-finance.cost_centers')) {
      const [bucket, name] = [id.split('.').slice(0, 2).join('.'), id.split('.')[2]];
      const csv = SAMPLE_TABLES[`${bucket}/${name}.csv`]!;
      const [header, ...rows] = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
      const detail = await backend.tableDetail(id);
      expect(detail, id).toMatchObject({ id, name, bucket, columns: header, primary_key, rows_count: rows.length, data_size_bytes: new TextEncoder().encode(csv).byteLength });
      expect(Date.parse(detail.last_import_date!)).toBeGreaterThan(Date.now() - 60_000);
    }
  });
});
