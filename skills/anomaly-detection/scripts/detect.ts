import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { GRAINS } from '../../kpi-calculation/lib/periods';
import { readMeasureTable, round, seasonLength, series } from '../../kpi-calculation/lib/table';
import { detect } from '../lib/detect';
import { explain } from '../lib/explain';
import { classificationQuestion, headline, type Flagged } from '../lib/question';

export const risk = 'compute';

export const description =
  'Anomalies of one measure per period from a CSV in the run workspace: each period against its seasonal expectation (the same ' +
  'period of up to five earlier seasons, trend-adjusted, by their median; season_length defaults from the period format), scored ' +
  'with a robust z (median and MAD of the residuals) and flagged beyond z_threshold when the deviation is also above ' +
  'min_deviation_pct of the typical level. Each anomaly is explained: per dimension, the members whose own deviation makes up most ' +
  'of it (share), and the first dimension\'s main member broken down by the second (dimensions are the drill path, coarsest ' +
  'first). Writes the anomalies as JSON and the scored series as CSV; returns ' +
  'them with a kbagent.human_in_loop grid question (expected, one-off, data error, investigate; null and an empty questions list when none).';

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the CSV'),
  period_column: z.string().min(1).max(256),
  period_grain: z.enum(GRAINS).default('as_is').describe('as_is: the column holds the periods; else a date column bucketed into day, iso_week, month or quarter'),
  measure: z.string().min(1).max(256).describe('The column summed per period'),
  dimensions: z.array(z.string().min(1).max(256)).max(5).default([]).describe('Columns that explain an anomaly, coarsest first: the first is drilled into by the second (e.g. region, customer_name)'),
  season_length: z.number().int().min(0).max(400).default(0).describe('Periods per season; 0: from the period format'),
  z_threshold: z.number().min(0.5).max(100).default(3.5),
  min_deviation_pct: z.number().min(0).max(100).default(1).describe('Ignore deviations smaller than this % of the median absolute level'),
  last_periods: z.number().int().min(0).max(10_000).default(0).describe('Report anomalies only in the last N periods (all periods are still scored); 0: all'),
  max_anomalies: z.number().int().min(1).max(200).default(20).describe('Report at most this many, the largest |z| first'),
  output_dir: z.string().min(1).max(256).default('anomalies'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const table = await readMeasureTable(ctx, input.artifact, { period_column: input.period_column, grain: input.period_grain, measures: [input.measure], dimensions: input.dimensions });
  const season = seasonLength(input.season_length, table.axis);
  const periods = table.axis.periods;
  const y = series(table, 0);
  const found = detect(y, season.length, { z: input.z_threshold, minDeviationPct: input.min_deviation_pct });
  const flaggedTimes = found.scored.filter((s) => s.flagged).map((s) => s.t);
  const from = input.last_periods > 0 ? periods.length - input.last_periods : 0;
  const reported = found.scored
    .filter((s) => s.flagged && s.t >= from)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.t - b.t)
    .slice(0, input.max_anomalies)
    .sort((a, b) => a.t - b.t);
  const anomalies: Flagged[] = reported.map((s) => ({
    period: periods[s.t]!,
    value: round(s.value),
    expected: round(s.expected),
    deviation: round(s.residual),
    z: round(s.z, 2),
    explanation: explain({ table, lag: found.lag, flagged: flaggedTimes }, s.t, s.residual),
  }));
  const listed = anomalies.map((a) => ({ ...a, direction: a.deviation > 0 ? 'above' : 'below', text: headline(input.measure, a) }));

  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { anomalies: `${dir}/anomalies.json`, series: `${dir}/series.csv` };
  await ctx.writeArtifact(files.series, await toCsvInSlices(
    ['period', 'value', 'expected', 'deviation', 'z', 'flagged'],
    found.scored.map((s) => [periods[s.t], round(s.value), round(s.expected), round(s.residual), round(s.z, 2), s.flagged]),
  ), 'text/csv');
  const result = {
    artifact: input.artifact,
    measure: input.measure,
    period_format: table.axis.format,
    season_length: found.lag,
    season_note: season.note,
    method: found.method,
    reason: found.reason,
    z_threshold: input.z_threshold,
    min_deviation: round(found.min_deviation),
    scale: round(found.scale, 4),
    scored_periods: { from: periods[found.scored[0]!.t]!, to: periods.at(-1)!, count: found.scored.length },
    flagged: flaggedTimes.length,
    anomalies: listed,
  };
  await ctx.writeArtifact(files.anomalies, JSON.stringify(result, null, 2), 'application/json');
  const question = classificationQuestion(input.measure, input.z_threshold, anomalies);
  // `questions` is the same question as a list of zero or one, for a step's `for_each`.
  return { ...result, question, questions: question ? [question] : [], files };
}
