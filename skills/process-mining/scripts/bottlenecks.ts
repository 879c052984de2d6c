import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { bottlenecks } from '../lib/bottlenecks';
import { mapCases } from '../lib/discovery';
import { asOfMs, readEventLog, readJson } from '../lib/io';
import { parseOrder } from '../lib/stages';

export const risk = 'compute';

export const description =
  'Stage bottlenecks from an event log and its confirmed stage mapping: dwell per stage (median, 90th percentile), ' +
  'conversion to the next intended stage, open deals stalled longer than stall_threshold_days with the value they hold, ' +
  'the same by segment and owner team, and the five worst stages ranked by stalled value with a recommended action each. ' +
  'Writes process/stage_dwell.csv, stalled_deals.csv and bottlenecks.json.';

export const args = z.strictObject({
  event_log: z.string().min(1).max(512).default('eventlog/event_log.csv'),
  mapping_file: z.string().min(1).max(512).default('eventlog/stage-mapping.json'),
  intended_order: z.string().min(1).max(2000),
  as_of: z.string().max(40).default('').describe('The analysis instant (as event_log returned it); empty: now'),
  stall_threshold_days: z.number().int().min(1).max(3650).default(30),
  output_dir: z.string().min(1).max(256).default('process'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const log = await readEventLog(ctx, input.event_log);
  const cases = mapCases(log.cases, log.events, await readJson<Record<string, string>>(ctx, input.mapping_file));
  const b = bottlenecks(cases, parseOrder(input.intended_order), asOfMs(input.as_of), input.stall_threshold_days);
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { dwell: `${dir}/stage_dwell.csv`, stalled: `${dir}/stalled_deals.csv`, bottlenecks: `${dir}/bottlenecks.json` };
  await ctx.writeArtifact(files.dwell, await toCsvInSlices(['stage', 'visits', 'median_days', 'p90_days', 'conversion_to_next', 'stalled_deals', 'stalled_amount'], b.dwell.map((d) => [d.stage, d.visits, d.p50_days, d.p90_days, d.conversion_to_next, d.stalled_cases, d.stalled_amount])), 'text/csv');
  await ctx.writeArtifact(files.stalled, await toCsvInSlices(['case_id', 'stage', 'days_in_stage', 'amount', 'segment', 'owner_team'], b.stalled.map((s) => [s.case_id, s.stage, s.days_in_stage, s.amount.toFixed(2), s.segment, s.owner_team])), 'text/csv');
  await ctx.writeArtifact(files.bottlenecks, JSON.stringify(b, null, 2), 'application/json');
  const { stalled, ...rest } = b;
  return { ...rest, stalled_deals: stalled.length, files };
}
