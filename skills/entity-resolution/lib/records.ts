// Shared by the entity-resolution scripts (kept outside scripts/ so it is not bundled as a tool):
// reading normalised CSVs (skill schema-normalization) back into records the ER engine takes.
import type { SourceRecord } from '../../../src/er';
import { readNormalisedSources } from '../../../src/skills/normalised-sources';
import type { SkillScriptContext } from '../../../src/skills/script';
import { parseCsvInSlices } from '../../../src/skills/slices';

export async function readCsv(ctx: SkillScriptContext, path: string): Promise<{ headers: string[]; rows: Record<string, string | undefined>[] }> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  return { headers: parsed.fields, rows: parsed.data };
}

/** Normalised CSVs (source, row_id, canonical columns) → source records, in file order. */
export const readSources = (ctx: SkillScriptContext, paths: readonly string[]): Promise<SourceRecord[]> => readNormalisedSources((path) => ctx.readArtifact(path), paths);

export { prepareAll } from '../../../src/skills/normalised-sources';
