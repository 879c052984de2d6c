// cockpit/margin_lines.csv: one row per sales line of the weeks a run compares, with its cost at
// the standard cost valid on the invoice date. A line without a valid cost keeps its revenue but
// has no cost and no margin (has_cost false): it is a data issue, not a line at 100 % margin.
import type { SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, parseCsvInSlices, toCsvInSlices } from '../../../src/skills/slices';
import { number, round } from '../../kpi-calculation/lib/table';
import type { SalesLine } from './ledger';

export const MARGIN_LINE_COLUMNS = [
  'week', 'invoice_date', 'line_id', 'sku', 'product_name', 'category', 'customer_id', 'customer_name', 'region', 'channel',
  'quantity', 'revenue', 'cost', 'margin', 'has_cost', 'invoice_id', 'unit_price', 'unit_cost',
] as const;

/** A sales line with its cost at the standard cost valid on the invoice date. */
export type MarginLine = SalesLine & {
  /** quantity × unit_cost; null without a valid standard cost. */
  cost: number | null;
  unit_cost: number | null;
};

/** A line whose margin is known: only these enter the bridge, rates and exceptions. */
export type CostedLine = MarginLine & { cost: number; unit_cost: number };
export const hasCost = (line: MarginLine): line is CostedLine => line.cost !== null;

// Four decimals: unit costs with more than cents multiply without float noise reaching the file.
const amount = (x: number) => round(x, 4);

export function marginLinesCsv(lines: readonly MarginLine[]): Promise<string> {
  return toCsvInSlices(MARGIN_LINE_COLUMNS, lines.map((l) => [
    l.week, l.invoice_date, l.line_id, l.sku, l.product_name, l.category, l.customer_id, l.customer_name, l.region, l.channel,
    l.quantity, amount(l.revenue), l.cost === null ? '' : amount(l.cost), l.cost === null ? '' : amount(l.revenue - l.cost), l.cost !== null,
    l.invoice_id, l.unit_price, l.unit_cost ?? '',
  ]));
}

export async function readMarginLines(ctx: SkillScriptContext, path: string): Promise<MarginLine[]> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  const missing = MARGIN_LINE_COLUMNS.filter((c) => !parsed.fields.includes(c));
  if (missing.length > 0) throw new Error(`"${path}" is not written by skill.margin-analysis.margin_lines: it lacks ${missing.join(', ')}`);
  return mapInSlices(parsed.data, (r, i) => {
    const where = (c: string) => () => `"${path}" row ${i + 1}, ${c}`;
    const text = (c: string) => r[c]?.trim() ?? '';
    const costed = text('has_cost') === 'true';
    return {
      week: text('week'), invoice_date: text('invoice_date'), line_id: text('line_id'), sku: text('sku'), product_name: text('product_name'),
      category: text('category'), customer_id: text('customer_id'), customer_name: text('customer_name'), region: text('region'), channel: text('channel'),
      quantity: number(r.quantity, where('quantity')),
      revenue: number(r.revenue, where('revenue')),
      cost: costed ? number(r.cost, where('cost')) : null,
      invoice_id: text('invoice_id'),
      unit_price: number(r.unit_price, where('unit_price')),
      unit_cost: costed ? number(r.unit_cost, where('unit_cost')) : null,
    };
  });
}

/** The reporting week of a margin_lines file: the one asked for, else its latest (margin_lines writes no later week). */
export function reportingWeekOf(lines: readonly MarginLine[], asked: string, path: string): string {
  const weeks = new Set(lines.map((l) => l.week));
  if (asked && !weeks.has(asked)) throw new Error(`"${path}" has no line in ${asked}; it holds ${[...weeks].sort().join(', ') || 'no weeks'}`);
  const latest = [...weeks].sort().at(-1);
  if (!latest) throw new Error(`"${path}" has no lines`);
  return asked || latest;
}
