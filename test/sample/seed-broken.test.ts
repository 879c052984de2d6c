/**
 * Issue 14 defect: the seeder stored a bundled CSV before checking it and reused the stored copy,
 * so one bad table broke every keboola.* call, even after the file was fixed. Now a bad bundled
 * table is never stored, only calls on it fail (saying why), and a bad copy an older seeder left
 * is replaced once the file is fixed.
 */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_TABLES } from '../../src/generated/sample-tables.mjs';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { readManifest } from '../../src/connections/keboola/sample/manifest';
import { sampleContext } from './context';

const PATH = 'in.c-finance/product_master.csv';
const KEY = `sample/${PATH}`;
const ID = 'in.c-finance.product_master';
const files = SAMPLE_TABLES;
const good = files[PATH]!;
const BROKEN = 'sku,name\nA-1,"never closed\n';

afterEach(() => {
  files[PATH] = good;
});

describe('a broken bundled sample table', () => {
  it('is not stored, fails only calls on itself with the reason, and the other tables work', async () => {
    files[PATH] = BROKEN;
    const backend = sampleBackend(sampleContext());
    const listed = (await backend.listTables()).map((t) => t.id);
    expect(listed).toContain('in.c-salesforce.contacts');
    expect(listed).not.toContain(ID);
    expect((await backend.query('SELECT COUNT(*) FROM "in.c-hubspot.contacts"', { max_rows: 1 })).rows).toEqual([[1107]]);
    await expect(backend.tableDetail(ID)).rejects.toMatchObject({ status: 409, code: 'table_broken', message: expect.stringMatching(/product_master.*Quoted field unterminated/) });
    expect(await env.BUCKET.head(KEY)).toBeNull();
  });

  it('is seeded as soon as the file is fixed', async () => {
    const backend = sampleBackend(sampleContext());
    expect((await backend.tableDetail(ID)).rows_count).toBeGreaterThan(0);
    expect(await (await env.BUCKET.get(KEY))!.text()).toBe(good);
  });

  it('replaces a bad copy an older seeder stored (with no manifest entry) once the bundled file is good', async () => {
    await env.BUCKET.put(KEY, BROKEN);
    const manifest = await readManifest(env.BUCKET);
    delete manifest.tables[ID];
    await env.BUCKET.put('sample/manifest.json', JSON.stringify(manifest));
    const backend = sampleBackend(sampleContext());
    expect((await backend.listTables()).map((t) => t.id)).toContain(ID);
    expect(await (await env.BUCKET.get(KEY))!.text()).toBe(good);
  });
});
