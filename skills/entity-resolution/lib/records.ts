// Shared by the entity-resolution scripts (kept outside scripts/ so it is not bundled as a tool):
// reading normalised CSVs (skill schema-normalization) back into records the ER engine takes.
import { CANONICAL_FIELDS, prepareRecord, type CanonicalField, type PreparedRecord, type SourceRecord } from '../../../src/er';
import type { SkillScriptContext } from '../../../src/skills/script';
import { forEachInSlices, mapInSlices, parseCsvInSlices } from '../../../src/skills/slices';

/** Every source is held in the run object's memory while resolving (≈100k rows per 100 MB isolate, with room to spare at this cap). */
export const MAX_ROWS = 200_000;

const FIELDS = new Set<string>(CANONICAL_FIELDS);

export async function readCsv(ctx: SkillScriptContext, path: string): Promise<{ headers: string[]; rows: Record<string, string | undefined>[] }> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  return { headers: parsed.fields, rows: parsed.data };
}

/** Normalised CSVs (source, row_id, canonical columns) → source records, in file order. */
export async function readSources(ctx: SkillScriptContext, paths: readonly string[]): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const path of paths) {
    const { headers, rows } = await readCsv(ctx, path);
    if (!headers.includes('source') || !headers.includes('row_id')) {
      throw new Error(`"${path}" has no source and row_id columns; normalise it first with skill.schema-normalization.normalise`);
    }
    const fields = headers.filter((h) => FIELDS.has(h)) as CanonicalField[];
    await forEachInSlices(rows, (row) => records.push({ source: row.source ?? '', id: row.row_id ?? '', fields: Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])) }));
    if (records.length > MAX_ROWS) throw new Error(`More than ${MAX_ROWS} rows across the sources; split the input (e.g. by country) and resolve each part`);
  }
  return records;
}

/** The values are already normalised (phones in E.164), so no default country is needed here. */
export const prepareAll = (records: readonly SourceRecord[]): Promise<PreparedRecord[]> => mapInSlices(records, (r) => prepareRecord(r), PREPARE_SLICE);
/** Records prepared per slice (tens of µs each). */
const PREPARE_SLICE = 1_000;
