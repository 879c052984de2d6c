import { MANIFEST_KEY } from './project';
import { SampleConflictError } from './errors';

/**
 * The sample project's metadata in one small R2 object (sample/manifest.json): what Keboola's
 * Storage API reports for buckets and tables. Keeping it next to the CSVs means listing tables costs
 * one read, not one per table. `etag` is the R2 etag of the table's CSV, so a workspace can tell
 * whether its copy is current.
 */
export type TableEntry = {
  columns: string[];
  primary_key: string[];
  rows_count: number;
  data_size_bytes: number;
  created: string;
  last_import_date: string;
  last_change_date: string;
  etag: string;
  description?: string;
  /** Column name → what the uploaded file called it, where that was not a safe name (upload.ts). */
  column_descriptions?: Record<string, string>;
};

export type Manifest = {
  version: 1;
  buckets: Record<string, { description?: string; created: string }>;
  tables: Record<string, TableEntry>;
};

const ATTEMPTS = 8;

export async function readManifest(bucket: R2Bucket): Promise<Manifest> {
  const object = await bucket.get(MANIFEST_KEY);
  return object ? ((await object.json()) as Manifest) : empty();
}

/**
 * Read-modify-write under the manifest's etag, so two runs importing different tables at once
 * cannot drop each other's entry. `change` returns false when there is nothing to write.
 */
export async function updateManifest(bucket: R2Bucket, change: (manifest: Manifest) => boolean): Promise<Manifest> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const object = await bucket.get(MANIFEST_KEY);
    const manifest = object ? ((await object.json()) as Manifest) : empty();
    if (!change(manifest)) return manifest;
    const written = await bucket.put(MANIFEST_KEY, JSON.stringify(manifest, null, 1), {
      httpMetadata: { contentType: 'application/json' },
      // Create-only when there was none; otherwise only over the version we read.
      onlyIf: object ? { etagMatches: object.etag } : new Headers({ 'if-none-match': '*' }),
    });
    if (written) return manifest;
  }
  throw new SampleConflictError(`The sample project's manifest kept changing under ${ATTEMPTS} attempts to update it`);
}

function empty(): Manifest {
  return { version: 1, buckets: {}, tables: {} };
}
