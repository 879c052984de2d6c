import { SAMPLE_FILES } from '../../../generated/bundle';
import { SAMPLE_TABLES } from '../../../generated/sample-tables-import';
import type { ComponentInfo, ConfigurationLineage } from '../backend';

/**
 * The sample project as bundled with the Worker (sample/, made by scripts/generate-sample.mjs, written
 * out by scripts/bundle-data.mjs): the catalogue inlined, the tables' CSVs a module of their own
 * next to the main chunk (wrangler.toml). R2 holds the live copy; this is only what seeding starts from.
 */

export type SeedTable = { id: string; description: string; primary_key: string[] };
type Catalogue = { buckets: { id: string; description: string }[]; tables: SeedTable[] };

/** R2 layout (architecture.md): `sample/<bucket>/<table>.csv` plus one manifest. */
export const SAMPLE_PREFIX = 'sample/';
export const MANIFEST_KEY = `${SAMPLE_PREFIX}manifest.json`;

// Keboola's own id rules: stage, "c-" bucket name, table name of letters, digits, _ and -.
const TABLE_ID = /^(in|out)\.(c-[A-Za-z0-9_-]{1,96})\.([A-Za-z0-9_-]{1,96})$/;

export type TableRef = { id: string; bucket: string; name: string; key: string };

export function parseTableId(id: string): TableRef | null {
  const match = TABLE_ID.exec(id);
  if (!match) return null;
  const bucket = `${match[1]}.${match[2]}`;
  return { id, bucket, name: match[3]!, key: `${SAMPLE_PREFIX}${bucket}/${match[3]}.csv` };
}

let catalogue: Catalogue | undefined;

export function sampleCatalogue(): Catalogue {
  catalogue ??= JSON.parse(bundled('tables.json')) as Catalogue;
  return catalogue;
}

export function seedCsv(table: TableRef): string {
  const text = SAMPLE_TABLES[`${table.bucket}/${table.name}.csv`];
  if (text === undefined) throw new Error(`The Worker was built without sample/${table.bucket}/${table.name}.csv; run node scripts/generate-sample.mjs and rebuild`);
  return text;
}

type SampleComponent = Omit<ComponentInfo, 'configurations'> & { configurations: (ComponentInfo['configurations'][number] & { inputs: string[]; outputs: string[] })[] };

/** A fresh copy each time, so a caller editing the list cannot change what the next one sees. */
export function sampleComponents(): ComponentInfo[] {
  return (JSON.parse(bundled('components.json')) as SampleComponent[]).map((c) => ({
    ...c, configurations: c.configurations.map(({ id, name, is_disabled }) => ({ id, name, is_disabled })),
  }));
}

/** The sample's configurations with the tables their mappings read and write (sample/components.json). */
export function sampleLineage(): ConfigurationLineage[] {
  return (JSON.parse(bundled('components.json')) as SampleComponent[]).flatMap((c) => c.configurations.map((cfg) => ({
    component: c.id, component_name: c.name, component_type: c.type, config: cfg.id, config_name: cfg.name, is_disabled: cfg.is_disabled, inputs: cfg.inputs, outputs: cfg.outputs,
  })));
}

function bundled(path: string): string {
  const text = SAMPLE_FILES[path];
  if (text === undefined) throw new Error(`The Worker was built without sample/${path}; run node scripts/generate-sample.mjs and rebuild`);
  return text;
}
