import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, toCsvInSlices } from '../../../src/skills/slices';
import { addWeeks } from '../../kpi-calculation/lib/periods';
import { dataIssues } from '../lib/issues';
import { costOn, readSalesLines, readStandardCosts, type SalesLine } from '../lib/ledger';
import { marginLinesCsv, type MarginLine } from '../lib/margin-lines';
import { allWeeks, chooseWeek, comparisonWeeks } from '../lib/weeks';

export const risk = 'compute';

export const description =
  'Select the sales lines of the reporting ISO week, the four weeks before it (the last is the prior week) and the same week last ' +
  'year from an exported sales-lines CSV, and attach the standard unit cost valid on each invoice date (the latest valid_from on ' +
  'or before it; returns keep negative revenue and cost). Writes cockpit/margin_lines.csv and cockpit/data-issues.json (lines ' +
  'without a cost, non-return lines at zero or negative price, SKUs without a category, and the share of the week\'s revenue ' +
  'they touch). Empty week: the last week with lines that ended before as_of. A week without lines is an error naming the weeks the data holds.';

export const args = z.strictObject({
  sales_lines: z.string().min(1).max(512).describe('Workspace path of the sales-lines CSV (line_id, invoice_id, invoice_date, sku, product_name, category, customer_id, customer_name, region, channel, quantity, unit_price, net_revenue)'),
  standard_costs: z.string().min(1).max(512).describe('Workspace path of the standard-costs CSV (sku, valid_from, unit_cost)'),
  week: z.string().regex(/^(\d{4}-W(0[1-9]|[1-4]\d|5[0-3]))?$/).nullable().default('').describe('The reporting ISO week (YYYY-Www); empty or null: the last complete week in the data'),
  as_of: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).default('').describe('With an empty week: weeks ending before this date are complete (YYYY-MM-DD); empty: today'),
  history_weeks: z.number().int().min(0).max(520).default(0).describe('Also write the lines of this many weeks up to the reporting week to margin_history.csv (for trend and anomaly detection); 0: none'),
  output_dir: z.string().min(1).max(256).default('cockpit'),
});

const withCost = (line: SalesLine, unitCost: number | null): MarginLine => ({ ...line, cost: unitCost === null ? null : line.quantity * unitCost, unit_cost: unitCost });

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const sales = await readSalesLines(ctx, input.sales_lines);
  if (sales.length === 0) throw new Error(`"${input.sales_lines}" has no sales lines`);
  const costs = await readStandardCosts(ctx, input.standard_costs);
  const week = chooseWeek(input.week ?? '', new Set(sales.map((l) => l.week)), input.as_of || new Date().toISOString().slice(0, 10));
  const weeks = comparisonWeeks(week);
  const selected = new Set(allWeeks(weeks));
  const priced = (lines: SalesLine[]) => mapInSlices(lines, (line) => withCost(line, costOn(costs.get(line.sku), line.invoice_date)));
  const chosen = await priced(sales.filter((l) => selected.has(l.week)));
  const issues = dataIssues(chosen, week, [...selected].sort());

  const dir = input.output_dir.replace(/\/+$/, '');
  const files: Record<string, string> = { margin_lines: `${dir}/margin_lines.csv`, data_issues: `${dir}/data-issues.json`, data_issues_table: `${dir}/data_issues.csv` };
  await ctx.writeArtifact(files.margin_lines!, await marginLinesCsv(chosen), 'text/csv');
  await ctx.writeArtifact(files.data_issues!, JSON.stringify(issues, null, 2), 'application/json');
  const issueRows = (['reporting_week', 'loaded_weeks'] as const).flatMap((scope) => (['no_cost', 'zero_or_negative_price', 'missing_category'] as const).map((kind) => {
    const i = issues[scope][kind];
    return [scope === 'reporting_week' ? week : 'all loaded weeks', kind.replace(/_/g, ' '), i.lines, i.revenue, i.revenue_share, i.sku_count, i.skus.slice(0, 10).join(' '), i.line_ids.slice(0, 10).join(' ')];
  }));
  await ctx.writeArtifact(files.data_issues_table!, await toCsvInSlices(['weeks', 'issue', 'lines', 'revenue', 'revenue_share', 'skus', 'sku_ids', 'example_lines'], issueRows), 'text/csv');
  if (input.history_weeks > 0) {
    const first = addWeeks(week, 1 - input.history_weeks);
    files.margin_history = `${dir}/margin_history.csv`;
    await ctx.writeArtifact(files.margin_history, await marginLinesCsv(await priced(sales.filter((l) => l.week >= first && l.week <= week))), 'text/csv');
  }

  const byWeek = Object.fromEntries([...selected].sort().map((w) => [w, chosen.filter((l) => l.week === w).length]));
  return {
    week,
    weeks,
    lines: chosen.length,
    lines_by_week: byWeek,
    // Recorded, not an error: a comparison week without sales has no bridge.
    empty_weeks: Object.entries(byWeek).filter(([, n]) => n === 0).map(([w]) => w),
    // The reporting week's: how many lines each issue touches and the share of revenue all of them touch.
    data_issues: {
      lines_without_cost: issues.reporting_week.no_cost.lines,
      zero_or_negative_price_lines: issues.reporting_week.zero_or_negative_price.lines,
      lines_without_category: issues.reporting_week.missing_category.lines,
      revenue_share: issues.reporting_week.any_issue.revenue_share,
    },
    files,
  };
}
