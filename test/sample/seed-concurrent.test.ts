/**
 * Concurrent first uses of the sample project (a run form asks for several inputs' options at
 * once): each request that finds a table already stored by another describes it itself, so every
 * one of them sees every table, even before the first seeder has written its manifest.
 */
import { env } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { seededManifest } from '../../src/connections/keboola/sample/seed';
import { sampleCatalogue } from '../../src/connections/keboola/sample/project';

it('every concurrent first request sees every bundled table', async () => {
  const tables = sampleCatalogue().tables.map((t) => t.id).sort();
  const manifests = await Promise.all(Array.from({ length: 6 }, () => seededManifest(env)));
  for (const manifest of manifests) expect(Object.keys(manifest.tables).sort()).toEqual(tables);
});
