import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { discover, mapCases } from '../lib/discovery';
import { readEventLog } from '../lib/io';
import { confirmedMapping, MAPPING_ANSWERS } from '../lib/mapping';
import { parseOrder } from '../lib/stages';

export const risk = 'compute';

export const description =
  'Discover the process from an event log written by skill.process-mining.event_log, with the stage mapping a person ' +
  'confirmed (the proposal, plus corrections when they chose to edit): the directly-follows graph with counts and median ' +
  'and 90th-percentile transition days, path variants with win rates and cycle times, backward moves (rework), skipped ' +
  'stages and conformance to the intended order. Writes the mapping and process/dfg_edges.csv, variants.csv, rework.csv and discovery.json.';

export const args = z.strictObject({
  event_log: z.string().min(1).max(512).default('eventlog/event_log.csv'),
  proposed_mapping: z.record(z.string(), z.string()).describe('Raw stage → canonical stage, as event_log proposed it'),
  answer: z.enum(MAPPING_ANSWERS).describe('The answer to the mapping question'),
  corrections: z.string().max(4000).optional().describe('With "edit": "raw stage -> canonical stage" lines'),
  intended_order: z.string().min(1).max(2000),
  output_dir: z.string().min(1).max(256).default('process'),
  mapping_file: z.string().min(1).max(512).default('eventlog/stage-mapping.json'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const order = parseOrder(input.intended_order);
  const mapping = confirmedMapping(input.proposed_mapping, input.answer, input.corrections, input.intended_order);
  const log = await readEventLog(ctx, input.event_log);
  const cases = mapCases(log.cases, log.events, mapping);
  const d = discover(cases, order);
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { mapping: input.mapping_file, edges: `${dir}/dfg_edges.csv`, variants: `${dir}/variants.csv`, rework: `${dir}/rework.csv`, discovery: `${dir}/discovery.json` };
  await ctx.writeArtifact(files.mapping, JSON.stringify(mapping, null, 2), 'application/json');
  await ctx.writeArtifact(files.edges, await toCsvInSlices(['from', 'to', 'transitions', 'cases', 'median_days', 'p90_days', 'backward'], d.edges.map((e) => [e.from, e.to, e.count, e.cases, e.p50_days, e.p90_days, e.backward])), 'text/csv');
  await ctx.writeArtifact(files.variants, await toCsvInSlices(['path', 'deals', 'share', 'won', 'win_rate', 'median_cycle_days', 'won_amount'], d.variants.map((v) => [v.path, v.cases, v.share, v.won, v.win_rate, v.median_cycle_days, v.won_amount])), 'text/csv');
  await ctx.writeArtifact(files.rework, await toCsvInSlices(['from', 'to', 'transitions', 'cases'], d.rework.map((r) => [r.from, r.to, r.transitions, r.cases])), 'text/csv');
  await ctx.writeArtifact(files.discovery, JSON.stringify(d, null, 2), 'application/json');
  const { edges, variants, ...headline } = d;
  return { ...headline, transitions: edges.length, top_variants: variants.slice(0, 5), files };
}
