// Resolve from the pairs keboola.workspace.match_pairs brought back from the warehouse, with the
// run's memory bounded by the matches, not the rows (issue 14; src/er/pairs-resolution.ts): the
// normalised sources are streamed past three times — counted, then the cluster map written while
// the members of multi-record clusters are kept, then the golden records written — and never held.
import { PairsResolution, prepareRecord, type ResolutionSummary, type ResolverConfig } from '../../../src/er';
import { csvChunks, csvRowSlices } from '../../../src/skills/csv-stream';
import { normalisedSlices } from '../../../src/skills/normalised-sources';
import type { SkillScriptContext } from '../../../src/skills/script';
import { letRequestsIn } from '../../../src/turns';
import { CLUSTER_MAP_COLUMNS, clusterMapRow, GOLDEN_COLUMNS, goldenRow } from './outputs';

/** Finishing work per slice (pairs unioned, records numbered or grouped), as the in-run job's. */
const FINISH_SLICE = 10_000;

export type PairsOutputs = { clusterMap: string; golden: string };

export async function resolvedFromPairs(ctx: SkillScriptContext, sources: readonly string[], config: ResolverConfig, pairs: string, out: PairsOutputs): Promise<ResolutionSummary & { goldenRecords: number; held: number }> {
  const slices = () => normalisedSlices((path) => ctx.readChunks(path), sources);
  let count = 0;
  const bySource: Record<string, number> = {};
  for await (const { records } of slices()) {
    for (const r of records) bySource[r.source] = (bySource[r.source] ?? 0) + 1;
    count += records.length;
  }
  const resolution = new PairsResolution(config, count, await readMatches(ctx, pairs, count), bySource);
  while (!resolution.stepCluster(FINISH_SLICE)) await letRequestsIn();

  // The values are already normalised (phones in E.164), so no default country is needed here.
  async function* clusterMap(): AsyncGenerator<unknown[][]> {
    for await (const { records, first } of slices()) yield records.map((r, k) => clusterMapRow(resolution.clusterMapRow(first + k, r, () => prepareRecord(r))));
  }
  await ctx.writeStream(out.clusterMap, csvChunks(CLUSTER_MAP_COLUMNS, clusterMap()), 'text/csv');
  while (!resolution.stepCheck(FINISH_SLICE)) await letRequestsIn();

  let goldenRecords = 0;
  async function* golden(): AsyncGenerator<unknown[][]> {
    for await (const { records, first } of slices()) {
      const rows: unknown[][] = [];
      records.forEach((r, k) => {
        const g = resolution.goldenAt(first + k, () => prepareRecord(r));
        if (g) rows.push(goldenRow(g));
      });
      goldenRecords += rows.length;
      yield rows;
    }
  }
  await ctx.writeStream(out.golden, csvChunks(GOLDEN_COLUMNS, golden()), 'text/csv');
  return { ...resolution.summary(), goldenRecords, held: resolution.held };
}

/**
 * The pairs file (left, right, rules: record numbers in the sources' order and the rule mask) as
 * flat triples, streamed: the pairs are what this path holds.
 */
async function readMatches(ctx: SkillScriptContext, pairs: string, count: number): Promise<number[]> {
  const matches: number[] = [];
  for await (const { rows } of csvRowSlices(await ctx.readChunks(pairs))) {
    for (const row of rows) {
      const [x, y, mask] = [Number(row.left), Number(row.right), Number(row.rules)];
      if (!(x >= 0 && y > x && y < count && mask > 0)) throw new Error(`"${pairs}" names a pair (${row.left}, ${row.right}) outside these ${count} records; pass the sources match_pairs read, in its order`);
      matches.push(x, y, mask);
    }
  }
  return matches;
}
