import { z } from '@hono/zod-openapi';
import { validationSteps, type ClusterMapRow } from '../../../src/er';
import type { SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, stepsInSlices } from '../../../src/skills/slices';
import { prepareAll, readCsv, readSources } from '../lib/records';

export const risk = 'compute';

export const description =
  'Validate a cluster map against its normalised sources: row accounting (every source row in exactly one cluster, none ' +
  'missing, duplicated or unknown), oversized clusters and entities with conflicting hard keys (date of birth, national id). ' +
  'Writes a report JSON and returns its counts with the first offending rows.';

export const args = z.strictObject({
  sources: z.array(z.string().min(1).max(512)).min(1).max(20).describe('Workspace paths of the normalised CSVs that were resolved'),
  cluster_map: z.string().min(1).max(512).default('er/cluster_map.csv').describe('The cluster map written by resolve'),
  max_cluster_size: z.number().int().min(2).max(10_000).default(10).describe('Clusters larger than this are flagged'),
  output: z.string().min(1).max(512).default('er/validation.json'),
});

/** The report file has every offending row; the tool result only the first few, to stay small. */
const SHOWN = 10;

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const records = await prepareAll(await readSources(ctx, input.sources));
  const { headers, rows } = await readCsv(ctx, input.cluster_map);
  for (const column of ['source', 'row_id', 'entity_id']) {
    if (!headers.includes(column)) throw new Error(`"${input.cluster_map}" has no ${column} column`);
  }
  const map: ClusterMapRow[] = await mapInSlices(rows, (r) => ({ source: r.source ?? '', id: r.row_id ?? '', entity_id: r.entity_id ?? '' }));
  const report = await stepsInSlices(validationSteps(records, map, { maxClusterSize: input.max_cluster_size }));
  const accountingErrors = report.missing.length + report.duplicated.length + report.unknown.length;
  await ctx.writeArtifact(input.output, JSON.stringify({ ...report, accounting_errors: accountingErrors }, null, 2), 'application/json');
  return {
    ok: report.ok,
    report: input.output,
    rows: report.rows,
    clusters: report.clusters,
    accounting_errors: accountingErrors,
    missing: report.missing.length,
    duplicated: report.duplicated.length,
    unknown: report.unknown.length,
    oversized: report.oversized.length,
    conflicts: report.conflicts.length,
    examples: { missing: report.missing.slice(0, SHOWN), duplicated: report.duplicated.slice(0, SHOWN), unknown: report.unknown.slice(0, SHOWN), oversized: report.oversized.slice(0, SHOWN), conflicts: report.conflicts.slice(0, SHOWN) },
  };
}
