import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { round } from '../../kpi-calculation/lib/table';
import { belowCost, itemRates, ranked, type ExceptionsFile, type ItemRate } from '../lib/exceptions';
import { hasCost, readMarginLines, reportingWeekOf } from '../lib/margin-lines';
import { comparisonWeeks } from '../lib/weeks';

export const risk = 'compute';

export const description =
  'Margin exceptions of the reporting week from cockpit/margin_lines.csv: for every SKU and customer with revenue in the reporting ' +
  'and the four trailing weeks, the margin rate against the trailing weeks\' pooled rate; an erosion when it fell by more than ' +
  'margin_drop_threshold_pp points and the impact (revenue × drop) exceeds min_margin_impact, an improvement the other way. The ' +
  'ten largest erosions and five largest improvements by impact, each with its driving effect (price, cost or mix) from its own ' +
  'bridge against its trailing lines, and the sales priced below standard cost with their loss. Writes cockpit/exceptions.json ' +
  'and skus.csv, customers.csv, exceptions.csv and below_cost.csv for the workbook.';

export const args = z.strictObject({
  margin_lines: z.string().min(1).max(512).default('cockpit/margin_lines.csv'),
  week: z.string().regex(/^(\d{4}-W\d{2})?$/).default('').describe('The reporting week; empty: the latest in margin_lines'),
  margin_drop_threshold_pp: z.number().min(0).max(100).default(2),
  min_margin_impact: z.number().min(0).default(500),
  output_dir: z.string().min(1).max(256).default('cockpit'),
});

const RATE_COLUMNS = ['kind', 'id', 'name', 'revenue', 'margin', 'rate', 'trailing_revenue', 'trailing_rate', 'rate_change_pp', 'impact', 'flag', 'driver', 'price_effect', 'cost_effect', 'mix_effect'];
const rateRow = (i: ItemRate) => [i.kind, i.id, i.name, i.revenue, i.margin, i.rate, i.trailing_revenue, i.trailing_rate, i.rate_change_pp, i.impact, i.flag, i.driver, i.effects.price, i.effects.cost, i.effects.mix];

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const all = await readMarginLines(ctx, input.margin_lines);
  const weeks = comparisonWeeks(reportingWeekOf(all, input.week, input.margin_lines));
  const lines = all.filter(hasCost);
  const current = lines.filter((l) => l.week === weeks.reporting);
  const trailing = lines.filter((l) => weeks.trailing.includes(l.week));
  const { items, without_trailing_revenue } = itemRates(current, trailing, { threshold_pp: input.margin_drop_threshold_pp, min_impact: input.min_margin_impact });
  const { erosions, improvements } = ranked(items);
  const skus = items.filter((i) => i.kind === 'sku');
  const customers = items.filter((i) => i.kind === 'customer');
  const below = belowCost(current);
  const file: ExceptionsFile = {
    week: weeks.reporting,
    trailing_weeks: weeks.trailing,
    threshold_pp: input.margin_drop_threshold_pp,
    min_impact: input.min_margin_impact,
    compared: { skus: skus.length, customers: customers.length, without_trailing_revenue },
    erosions,
    improvements,
    skus,
    customers,
    below_cost: { lines: below, total_loss: round(below.reduce((n, b) => n + b.loss, 0)) },
  };

  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { exceptions: `${dir}/exceptions.json`, skus: `${dir}/skus.csv`, customers: `${dir}/customers.csv`, exceptions_table: `${dir}/exceptions.csv`, below_cost: `${dir}/below_cost.csv` };
  await ctx.writeArtifact(files.exceptions, JSON.stringify(file, null, 2), 'application/json');
  await ctx.writeArtifact(files.skus, await toCsvInSlices(RATE_COLUMNS, skus.map(rateRow)), 'text/csv');
  await ctx.writeArtifact(files.customers, await toCsvInSlices(RATE_COLUMNS, customers.map(rateRow)), 'text/csv');
  await ctx.writeArtifact(files.exceptions_table, await toCsvInSlices(RATE_COLUMNS, [...erosions, ...improvements].map(rateRow)), 'text/csv');
  await ctx.writeArtifact(files.below_cost, await toCsvInSlices(
    ['line_id', 'invoice_id', 'invoice_date', 'customer_id', 'customer_name', 'sku', 'product_name', 'quantity', 'unit_price', 'unit_cost', 'loss'],
    below.map((b) => [b.line_id, b.invoice_id, b.invoice_date, b.customer_id, b.customer_name, b.sku, b.product_name, b.quantity, b.unit_price, b.unit_cost, b.loss]),
  ), 'text/csv');
  // All items are in the JSON and the CSVs; the result keeps to what a step acts on.
  return { week: file.week, trailing_weeks: file.trailing_weeks, compared: file.compared, erosions, improvements, below_cost: { lines: below.length, total_loss: file.below_cost.total_loss, largest: below.slice(0, 10) }, files };
}
