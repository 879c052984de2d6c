// Shared by the entity-resolution scripts (kept outside scripts/ so it is not bundled as a tool):
// reading normalised CSVs (skill schema-normalization) back into records the ER engine takes.
import type { SourceRecord } from '../../../src/er';
import { readNormalisedSample, readNormalisedSources, type Sample } from '../../../src/skills/normalised-sources';
import type { SkillScriptContext } from '../../../src/skills/script';
import { parseCsvInSlices } from '../../../src/skills/slices';

export async function readCsv(ctx: SkillScriptContext, path: string): Promise<{ headers: string[]; rows: Record<string, string | undefined>[] }> {
  const parsed = await parseCsvInSlices(await ctx.readArtifactSlices(path));
  return { headers: parsed.fields, rows: parsed.data };
}

/** Normalised CSVs (source, row_id, canonical columns) → source records, in file order. */
export const readSources = (ctx: SkillScriptContext, paths: readonly string[], maxRows?: number): Promise<SourceRecord[]> => readNormalisedSources((path) => ctx.readArtifactSlices(path), paths, maxRows);

/** The sources, or a sample of at most `maxRows` of them when they hold more (readNormalisedSample); every row when `maxRows` is absent. */
export const readSourcesUpTo = (ctx: SkillScriptContext, paths: readonly string[], maxRows: number | undefined): Promise<{ records: SourceRecord[]; sample: Sample | null }> =>
  maxRows === undefined ? readSources(ctx, paths).then((records) => ({ records, sample: null })) : readNormalisedSample((path) => ctx.readArtifactSlices(path), paths, maxRows);

export type { Sample } from '../../../src/skills/normalised-sources';
export { prepareAll } from '../../../src/skills/normalised-sources';
