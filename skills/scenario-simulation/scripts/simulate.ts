import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { GRAINS } from '../../kpi-calculation/lib/periods';
import { readMeasureTable } from '../../kpi-calculation/lib/table';
import { DRIVERS, simulate } from '../lib/simulate';

export const risk = 'compute';

export const description =
  'What-if on the drivers of margin over a line-level CSV in the run workspace (quantity, revenue, cost per line): price %, ' +
  'volume % and unit cost % changes, for all lines or for one member of a dimension (category=Beverages price +3 %), applied to ' +
  'a base period (default the latest). Returns per scenario the base and resulting revenue, cost, margin and margin rate with ' +
  'their deltas in total, per change applied alone (plus the interaction) and, with breakdown, per member; lines without a cost ' +
  'are left out and counted. Writes the results as JSON and CSV.';

const ChangeArg = z
  .strictObject({
    driver: z.enum(DRIVERS),
    pct: z.number().min(-100).max(1000).describe('Change in %, e.g. 3 or -10'),
    dimension: z.string().min(1).max(256).optional().describe('Only lines whose column has member'),
    member: z.string().max(256).optional(),
  })
  .refine((c) => (c.dimension === undefined) === (c.member === undefined), { message: 'dimension and member go together' });

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the line-level CSV'),
  quantity_column: z.string().min(1).max(256).default('quantity'),
  revenue_column: z.string().min(1).max(256).default('revenue'),
  cost_column: z.string().min(1).max(256).default('cost'),
  period_column: z.string().max(256).default('').describe('Empty: every line is in the base'),
  period_grain: z.enum(GRAINS).default('as_is'),
  base_period: z.string().max(64).default('').describe('The period the drivers change in; empty: the latest'),
  scenarios: z.array(z.strictObject({ name: z.string().min(1).max(120), changes: z.array(ChangeArg).min(1).max(20) })).min(1).max(20),
  breakdown: z.string().max(256).default('').describe('Also the results per member of this column'),
  output_dir: z.string().min(1).max(256).default('scenarios'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const dimensions = [...new Set([...input.scenarios.flatMap((s) => s.changes.flatMap((c) => (c.dimension ? [c.dimension] : []))), ...(input.breakdown ? [input.breakdown] : [])])];
  const table = await readMeasureTable(ctx, input.artifact, {
    period_column: input.period_column,
    grain: input.period_grain,
    measures: [input.quantity_column, input.revenue_column, input.cost_column],
    dimensions,
    skip_blank: [input.cost_column],
  });
  const periods = table.axis.periods;
  const base = input.base_period || periods.at(-1)!;
  const at = table.axis.position(base);
  const rows = table.rows.filter((r) => r.at === at);
  if (rows.length === 0) throw new Error(`"${input.artifact}" has no lines with a cost in ${input.period_column || 'the table'} ${base}; its periods run from ${periods[0]} to ${periods.at(-1)}`);
  const lines = { rows, dimensions };
  const breakdown = input.breakdown ? dimensions.indexOf(input.breakdown) : -1;
  const results = input.scenarios.map((s) => simulate(lines, s, breakdown));

  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { results: `${dir}/results.json`, table: `${dir}/results.csv` };
  const csvRows = results.flatMap((r) => [
    [r.name, 'total', '', r.base.revenue, r.result.revenue, r.delta.revenue, r.delta.cost, r.delta.margin, r.base.margin_rate, r.result.margin_rate, r.delta.margin_rate_pp],
    ...r.by_change.map((c) => [r.name, 'change alone', c.change, r.base.revenue, '', c.delta.revenue, c.delta.cost, c.delta.margin, r.base.margin_rate, '', c.delta.margin_rate_pp]),
    ...r.by_member.map((m) => [r.name, `${input.breakdown}=${m.member}`, '', m.base.revenue, m.result.revenue, m.delta.revenue, m.delta.cost, m.delta.margin, m.base.margin_rate, m.result.margin_rate, m.delta.margin_rate_pp]),
  ]);
  await ctx.writeArtifact(files.table, await toCsvInSlices(
    ['scenario', 'scope', 'change', 'base_revenue', 'revenue', 'revenue_delta', 'cost_delta', 'margin_delta', 'base_margin_rate', 'margin_rate', 'margin_rate_delta_pp'],
    csvRows,
  ), 'text/csv');
  const output = { artifact: input.artifact, base_period: input.period_column ? base : null, lines: rows.length, lines_without_cost: table.skipped, scenarios: results };
  await ctx.writeArtifact(files.results, JSON.stringify(output, null, 2), 'application/json');
  return { ...output, files };
}
