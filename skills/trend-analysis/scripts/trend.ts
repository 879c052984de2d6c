import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { GRAINS } from '../../kpi-calculation/lib/periods';
import { readMeasureTable, round, seasonLength, series, seriesByMember } from '../../kpi-calculation/lib/table';
import { trendOf, type TrendPoint, type TrendSummary } from '../lib/trend';

export const risk = 'compute';

export const description =
  'Seasonality-aware trend of one measure per period from a CSV in the run workspace, in total and optionally per member of a ' +
  'dimension: the seasonal effect of each position in the season (season_length; default from the period format: 52 ISO weeks, ' +
  '12 months, 4 quarters, 7 days), the deseasonalised series, the slope per period with its direction (up, down, flat), and the ' +
  'latest period against the previous one and against what the model of the earlier periods expected. A series shorter than two ' +
  'seasons falls back to the same period last season, and one of a season or less to a plain trend, with the reason stated. ' +
  'Writes the decomposed series as CSV and the summaries as JSON.';

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the CSV'),
  period_column: z.string().min(1).max(256),
  period_grain: z.enum(GRAINS).default('as_is').describe('as_is: the column holds the periods; else a date column bucketed into day, iso_week, month or quarter'),
  measure: z.string().min(1).max(256).describe('The column summed per period'),
  dimension: z.string().max(256).default('').describe('Also a trend per member of this column (the largest max_members); empty: total only'),
  max_members: z.number().int().min(1).max(100).default(10),
  season_length: z.number().int().min(0).max(400).default(0).describe('Periods per season; 0: from the period format'),
  flat_tolerance_pct: z.number().min(0).max(100).default(2).describe('A trend moving less than this % of the mean level over the whole series is flat'),
  output_dir: z.string().min(1).max(256).default('trend'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const dimensions = input.dimension ? [input.dimension] : [];
  const table = await readMeasureTable(ctx, input.artifact, { period_column: input.period_column, grain: input.period_grain, measures: [input.measure], dimensions });
  const season = seasonLength(input.season_length, table.axis);
  const periods = table.axis.periods;
  const analyse = (y: number[]) => trendOf(y, periods, season.length, input.flat_tolerance_pct);

  const total = analyse(series(table, 0));
  const members: { member: string; summary: TrendSummary; points: TrendPoint[] }[] = [];
  if (input.dimension) {
    for (const [member, y] of [...seriesByMember(table, 0, 0)].slice(0, input.max_members)) members.push({ member, ...analyse(y) });
  }
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { series: `${dir}/trend.csv`, summary: `${dir}/trend.json` };
  const scoped = [{ scope: 'total', member: 'all', points: total.points }, ...members.map((m) => ({ scope: input.dimension, member: m.member, points: m.points }))];
  await ctx.writeArtifact(files.series, await toCsvInSlices(
    ['scope', 'member', 'period', 'value', 'trend', 'seasonal', 'expected', 'deseasonalised'],
    scoped.flatMap((s) => s.points.map((p) => [s.scope, s.member, p.period, round(p.value), round(p.trend), round(p.seasonal), round(p.expected), round(p.deseasonalised)])),
  ), 'text/csv');
  const result = {
    artifact: input.artifact,
    measure: input.measure,
    period_format: table.axis.format,
    season_note: season.note,
    total: total.summary,
    members: members.map((m) => ({ member: m.member, ...m.summary })),
  };
  await ctx.writeArtifact(files.summary, JSON.stringify(result, null, 2), 'application/json');
  return {
    ...result,
    // Per member only the headline: the full summaries are in the JSON.
    members: members.map((m) => ({ member: m.member, direction: m.summary.direction, slope_per_period: m.summary.slope_per_period, latest: m.summary.latest })),
    files,
  };
}
