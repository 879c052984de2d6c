import { z } from '@hono/zod-openapi';
import { DEFAULT_PUSHDOWN_ROWS, type ResolutionSummary, type ResolverConfig } from '../../../src/er';
import { Continuation, type SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, pagesInSlices, toCsvInSlices } from '../../../src/skills/slices';
import { compared, DEFAULT_CALLS_PER_UNIT, finished } from '../lib/job';
import { CLUSTER_MAP_COLUMNS, clusterMapRow, GOLDEN_COLUMNS, goldenRow } from '../lib/outputs';
import { resolvedFromPairs, type PairsOutputs } from '../lib/pairs-job';
import { chosenRules, rulesFromAnswer } from '../../../src/er/chosen-rules';

export const risk = 'compute';

export const description =
  'Resolve entities across normalised sources with the chosen rules: blocking, pairwise comparison (Jaro-Winkler and exact ' +
  'keys), union-find clustering and survivorship to one golden record per entity. Writes er/cluster_map.csv (source, row_id, ' +
  'entity_id — every source row exactly once), er/golden.csv and er/summary.json; returns match statistics and validation. ' +
  'Large inputs are resolved across several loop units.';

export const args = z.strictObject({
  sources: z.array(z.string().min(1).max(512)).min(1).max(20).describe('Workspace paths of normalised CSVs'),
  rules: z.array(z.string().min(1).max(64)).min(1).max(20).optional().describe('Rule ids chosen (default: all default rules); may hold "custom_thresholds", the propose_rules option'),
  thresholds: z.record(z.string(), z.number().min(0.5).max(1)).optional().describe('Per rule id: a Jaro-Winkler threshold replacing the rule\'s own'),
  thresholds_text: z.string().max(2000).optional().describe('Custom thresholds as a person wrote them with their answer, e.g. "name_company=0.95, name_dob=0.9"; used when rules holds custom_thresholds'),
  pairs: z.string().min(1).max(512).nullish().describe('The matched pairs keboola.workspace.match_pairs brought back from the warehouse (its `pairs`): clustering and golden records from them, no comparison here. Null or absent: compare in the run'),
  max_rows: z.number().int().min(0).default(DEFAULT_PUSHDOWN_ROWS).describe('The most rows compared here (the pushdown threshold; a Playbook passes its pushdown_rows): more are refused, as match_pairs compares them in the warehouse. Not applied with `pairs`'),
  output_dir: z.string().min(1).max(256).default('er').describe('Workspace folder for the outputs'),
  calls_per_unit: z.number().int().min(1).max(1000).default(DEFAULT_CALLS_PER_UNIT).describe('Engine budget calls per loop unit (smaller: more, shorter units)'),
});

/** Entities per page of golden records. */
const GOLDEN_PAGE = 1_000;

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const choice = rulesFromAnswer(input.rules, input.thresholds, input.thresholds_text);
  const rules = chosenRules(choice.rules, choice.thresholds);
  const config = { mode: 'dedup', rules } as const;
  const dir = input.output_dir.replace(/\/+$/, '');
  const outputs = { clusterMap: `${dir}/cluster_map.csv`, golden: `${dir}/golden.csv` };
  // From the warehouse's pairs the sources are streamed, never held (lib/pairs-job.ts); compared here, they are held by the resolver.
  const resolution = input.pairs ? await resolvedFromPairs(ctx, input.sources, config, input.pairs, outputs) : await resolvedHere(ctx, input, config, outputs);
  if (resolution instanceof Continuation) return resolution;
  const summary = {
    rules: rules.map((r) => ({ id: r.id, label: r.label, description: r.description })),
    stats: resolution.stats,
    validation: { ok: resolution.validation.ok, missing: resolution.validation.missing.length, duplicated: resolution.validation.duplicated.length, unknown: resolution.validation.unknown.length, oversized: resolution.validation.oversized.length, conflicts: resolution.validation.conflicts.length },
    outputs: { cluster_map: outputs.clusterMap, golden: outputs.golden },
  };
  await ctx.writeArtifact(`${dir}/summary.json`, JSON.stringify(summary, null, 2), 'application/json');
  ctx.emit('skill.progress', { script: 'resolve', records: resolution.stats.records, clusters: resolution.stats.clusters });
  return { ...summary, golden_records: resolution.goldenRecords, summary: `${dir}/summary.json` };
}

/** Blocking, comparison and finishing in the run, across loop units, then the outputs written. */
async function resolvedHere(ctx: SkillScriptContext, input: z.infer<typeof args>, config: ResolverConfig, outputs: PairsOutputs): Promise<(ResolutionSummary & { goldenRecords: number }) | Continuation> {
  const job = await compared(ctx, input.sources, config, input.calls_per_unit, { maxRows: input.max_rows });
  if (job instanceof Continuation) return job;
  const { resolver } = job;
  const done = await finished(ctx, resolver, input.calls_per_unit);
  if (done !== true) return done;
  const { stats, validation } = resolver.summary();
  // Golden records are built per entity as their page is read (survivorship, ~50 µs an entity): in small slices, like the rest of the call.
  const clusterMap = await pagesInSlices((o, n) => resolver.clusterMapPage(o, n), resolver.records.length);
  await ctx.writeArtifact(outputs.clusterMap, await toCsvInSlices(CLUSTER_MAP_COLUMNS, await mapInSlices(clusterMap, clusterMapRow)), 'text/csv');
  const golden = await pagesInSlices((o, n) => resolver.goldenPage(o, n), stats.clusters, GOLDEN_PAGE);
  // Rows built in slices too: a pass over every entity is as long as the writing.
  await ctx.writeArtifact(outputs.golden, await toCsvInSlices(GOLDEN_COLUMNS, await mapInSlices(golden, goldenRow)), 'text/csv');
  return { stats, validation, goldenRecords: golden.length };
}
