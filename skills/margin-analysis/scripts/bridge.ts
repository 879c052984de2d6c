import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { round } from '../../kpi-calculation/lib/table';
import { cockpitBridge, type CategoryBridge, type Comparison, type Totals } from '../lib/comparison';
import { readMarginLines, reportingWeekOf } from '../lib/margin-lines';
import { comparisonWeeks } from '../lib/weeks';

export const risk = 'compute';

/** How the empty category is labelled in the workbook (the JSON keeps it as the data has it, empty). */
const NO_CATEGORY = '(none)';

export const description =
  'The price / volume / mix / cost bridge of gross margin from cockpit/margin_lines.csv: the reporting week against the prior ' +
  'week and against the same week last year, in total and per category, with new and discontinued SKUs reported inside mix ' +
  '(definitions in the skill\'s references/bridge.md). Fails when the four effects do not add up to the margin change within ' +
  '0.01. Lines without a standard cost are left out. Writes cockpit/bridge.json (headline revenue, cost, margin and margin rate ' +
  'of each week, the changes and both bridges), cockpit/bridge.csv and cockpit/summary.csv for the workbook.';

export const args = z.strictObject({
  margin_lines: z.string().min(1).max(512).default('cockpit/margin_lines.csv'),
  week: z.string().regex(/^(\d{4}-W\d{2})?$/).default('').describe('The reporting week; empty: the latest in margin_lines'),
  output_dir: z.string().min(1).max(256).default('cockpit'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const lines = await readMarginLines(ctx, input.margin_lines);
  const weeks = comparisonWeeks(reportingWeekOf(lines, input.week, input.margin_lines));
  const file = cockpitBridge(lines, weeks);

  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { bridge: `${dir}/bridge.json`, bridge_table: `${dir}/bridge.csv`, summary_table: `${dir}/summary.csv` };
  await ctx.writeArtifact(files.bridge, JSON.stringify(file, null, 2), 'application/json');

  const row = (name: string, c: Comparison, category: string, r: Comparison | CategoryBridge) => [name, c.base_week, c.week, category, r.margin_base, r.margin, r.margin_change, r.price, r.volume, r.mix, r.cost, r.mix_detail.new_sku, r.mix_detail.discontinued_sku];
  const bridgeRows = (name: string, c: Comparison | null, categories: CategoryBridge[]) => !c ? [] : [
    row(name, c, 'Total', c),
    ...categories.map((k) => row(name, c, k.category || NO_CATEGORY, k)),
  ];
  await ctx.writeArtifact(files.bridge_table, await toCsvInSlices(
    ['comparison', 'base_week', 'week', 'category', 'base_margin', 'margin', 'margin_change', 'price', 'volume', 'mix', 'cost', 'new_skus', 'discontinued_skus'],
    [...bridgeRows('vs prior week', file.bridge.vs_prior_week, file.bridge_by_category.vs_prior_week), ...bridgeRows('vs last year', file.bridge.vs_last_year, file.bridge_by_category.vs_last_year)],
  ), 'text/csv');

  const { reporting, prior, last_year: lastYear } = file.headline;
  const metric = (key: 'revenue' | 'revenue_with_cost' | 'cost' | 'margin' | 'margin_rate' | 'quantity') => {
    const diff = (base: Totals | null) => (base && base[key] !== null && reporting[key] !== null ? round(reporting[key]! - base[key]!, 6) : '');
    return [key, reporting[key], prior?.[key] ?? '', diff(prior), lastYear?.[key] ?? '', diff(lastYear)];
  };
  await ctx.writeArtifact(files.summary_table, await toCsvInSlices(
    ['metric', 'reporting_week', 'prior_week', 'change_vs_prior', 'last_year', 'change_vs_last_year'],
    (['revenue', 'revenue_with_cost', 'cost', 'margin', 'margin_rate', 'quantity'] as const).map(metric),
  ), 'text/csv');

  const effects = (c: Comparison | null) => c && { base_week: c.base_week, margin_change: c.margin_change, price: c.price, volume: c.volume, mix: c.mix, cost: c.cost, mix_detail: c.mix_detail };
  return { week: file.week, weeks, headline: file.headline, changes: file.changes, bridge: { vs_prior_week: effects(file.bridge.vs_prior_week), vs_last_year: effects(file.bridge.vs_last_year) }, notes: file.notes, files };
}
