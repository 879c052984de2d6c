import { z } from '@hono/zod-openapi';
import { prepareRecord, validationRecord, validationSteps, type ClusterMapRow, type ValidationRecord } from '../../../src/er';
import { csvRowSlices } from '../../../src/skills/csv-stream';
import { normalisedSlices } from '../../../src/skills/normalised-sources';
import type { SkillScriptContext } from '../../../src/skills/script';
import { stepsInSlices } from '../../../src/skills/slices';

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

/**
 * The sources and the cluster map are streamed, and only what the checks read is kept: each
 * record's identity and hard keys (validationRecord), each map row's keys — not the prepared
 * records (1.3 KB each; 325 MB at 250,000 rows).
 */
export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const records: ValidationRecord[] = [];
  // The values are already normalised (phones in E.164), so no default country is needed here.
  for await (const slice of normalisedSlices((path) => ctx.readChunks(path), input.sources)) for (const r of slice.records) records.push(validationRecord(prepareRecord(r)));
  const map: ClusterMapRow[] = [];
  for await (const { fields, rows } of csvRowSlices(await ctx.readChunks(input.cluster_map))) {
    const absent = ['source', 'row_id', 'entity_id'].find((column) => !fields.includes(column));
    if (absent) throw new Error(`"${input.cluster_map}" has no ${absent} column`);
    for (const r of rows) map.push({ source: r.source ?? '', id: r.row_id ?? '', entity_id: r.entity_id ?? '' });
  }
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
