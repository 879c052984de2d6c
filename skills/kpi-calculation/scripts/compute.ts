import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { kpiAt, kpiSeries, parseRatio, type KpiValue } from '../lib/kpis';
import { GRAINS } from '../lib/periods';
import { readMeasureTable, seasonLength, series, seriesByMember } from '../lib/table';

export const risk = 'compute';

export const description =
  'KPIs per period from a CSV in the run workspace: the sum of each measure column and ratio KPIs ("margin_rate = margin / ' +
  'revenue", computed from the sums), in total and per member of each dimension column, each with its change (and %) against ' +
  'the previous period and against the same period a season earlier (season_length; default from the period format: 52 ISO ' +
  'weeks, 12 months, 4 quarters, 7 days). Periods are filled between the first and the last, so a period without rows counts as 0. ' +
  'Writes a long-format CSV (period, dimension, member, kpi, value, changes) and a JSON summary with the latest period and its movers.';

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the CSV'),
  period_column: z.string().min(1).max(256),
  period_grain: z.enum(GRAINS).default('as_is').describe('as_is: the column holds the periods (2026-W10, 2026-03, 2026-Q1, 2026-03-02, integers, text); else a date column bucketed into day, iso_week, month or quarter'),
  measures: z.array(z.string().min(1).max(256)).min(1).max(20).describe('Columns summed per period'),
  ratios: z.array(z.string().min(3).max(300)).max(20).default([]).describe('Ratio KPIs, "name = numerator / denominator" over measures'),
  dimensions: z.array(z.string().min(1).max(256)).max(5).default([]),
  season_length: z.number().int().min(0).max(400).default(0).describe('Periods per season; 0: from the period format'),
  last_periods: z.number().int().min(0).max(10_000).default(0).describe('Write only the last N periods (changes still use the earlier ones); 0: all'),
  max_members: z.number().int().min(1).max(1000).default(50).describe('Members per dimension, largest first by the first measure'),
  output_dir: z.string().min(1).max(256).default('kpi'),
});

const TOTAL = { dimension: 'total', member: 'all' };
const MOVERS = 5;

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const table = await readMeasureTable(ctx, input.artifact, { period_column: input.period_column, grain: input.period_grain, measures: input.measures, dimensions: input.dimensions });
  const ratios = input.ratios.map((r) => parseRatio(r, input.measures));
  const names = [...input.measures, ...ratios.map((r) => r.name)];
  const digits = (k: number) => (k < input.measures.length ? 2 : 6);
  const season = seasonLength(input.season_length, table.axis);
  const periods = table.axis.periods;
  const from = input.last_periods > 0 ? Math.max(0, periods.length - input.last_periods) : 0;
  const latest = periods.length - 1;

  const scopeKpis = (measureSeries: number[][]) => kpiSeries(measureSeries, ratios);
  const total = scopeKpis(input.measures.map((_, m) => series(table, m)));
  const scopes: { dimension: string; member: string; kpis: (number | null)[][] }[] = [{ ...TOTAL, kpis: total }];
  const dimensions: Record<string, { members: number; shown: number; movers: ({ member: string; kpi: string } & KpiValue)[] }> = {};
  input.dimensions.forEach((dimension, d) => {
    const perMeasure = input.measures.map((_, m) => seriesByMember(table, m, d));
    const members = [...perMeasure[0]!.keys()];
    const shown = members.slice(0, input.max_members);
    const own = shown.map((member) => ({ dimension, member, kpis: scopeKpis(perMeasure.map((bym) => bym.get(member)!)) }));
    scopes.push(...own);
    const movers = own
      .map((s) => ({ member: s.member, kpi: names[0]!, ...kpiAt(s.kpis[0]!, latest, season.length, digits(0)) }))
      .sort((a, b) => Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0) || a.member.localeCompare(b.member))
      .slice(0, MOVERS);
    dimensions[dimension] = { members: members.length, shown: shown.length, movers };
  });

  const rows: unknown[][] = [];
  for (let t = from; t <= latest; t++) {
    for (const scope of scopes) {
      scope.kpis.forEach((values, k) => {
        const v = kpiAt(values, t, season.length, digits(k));
        rows.push([periods[t], scope.dimension, scope.member, names[k], v.value, v.previous, v.change, v.change_pct, v.season_ago, v.change_vs_season, v.change_vs_season_pct]);
      });
    }
  }
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { kpis: `${dir}/kpis.csv`, summary: `${dir}/summary.json` };
  await ctx.writeArtifact(files.kpis, await toCsvInSlices(['period', 'dimension', 'member', 'kpi', 'value', 'previous', 'change', 'change_pct', 'season_ago', 'change_vs_season', 'change_vs_season_pct'], rows), 'text/csv');
  const summary = {
    artifact: input.artifact,
    periods: { format: table.axis.format, first: periods[0]!, latest: periods[latest]!, count: periods.length, written_from: periods[from]! },
    season_length: season.length,
    season_note: season.note,
    kpis: names,
    latest: Object.fromEntries(names.map((name, k) => [name, kpiAt(total[k]!, latest, season.length, digits(k))])),
    dimensions,
  };
  await ctx.writeArtifact(files.summary, JSON.stringify(summary, null, 2), 'application/json');
  return { ...summary, rows: rows.length, files };
}
