// The flag-exceptions step of the weekly-margin-cockpit blueprint (the rules of
// sample/ground-truth/margin.json). Every SKU and customer with revenue (of lines with a cost) in
// the reporting week and in the trailing four weeks: its margin rate against the trailing weeks'
// pooled rate (their margin over their revenue, so a big week weighs more). Impact = this week's
// revenue × (trailing rate − rate), positive when margin eroded. An erosion fell more than
// threshold_pp points with an impact above min_impact; an improvement is the same upwards. The
// driving effect comes from the item's own bridge against its pooled trailing lines: the most
// negative of price, cost and mix when the rate fell, the most positive when it rose (volume moves
// margin, not the rate; a single SKU has no mix).
import { round } from '../../kpi-calculation/lib/table';
import { bridgeOf, bySku } from './bridge';
import type { CostedLine } from './margin-lines';

export const TOP_EROSIONS = 10;
export const TOP_IMPROVEMENTS = 5;

export type Kind = 'sku' | 'customer';
export type Driver = 'price' | 'cost' | 'mix';
export type ItemRate = {
  kind: Kind;
  id: string;
  name: string;
  /** A SKU's category; a customer's region and channel. */
  category?: string;
  region?: string;
  channel?: string;
  revenue: number;
  margin: number;
  rate: number;
  trailing_revenue: number;
  trailing_rate: number;
  rate_change_pp: number;
  impact: number;
  effects: Record<Driver, number>;
  driver: Driver;
  flag: 'erosion' | 'improvement' | null;
};
export type Thresholds = { threshold_pp: number; min_impact: number };

const sum = (lines: readonly CostedLine[], f: (l: CostedLine) => number) => lines.reduce((n, l) => n + f(l), 0);
/** Code-unit order, not the locale's: the same ranking on every machine. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (kind: Kind) => (l: CostedLine) => (kind === 'sku' ? l.sku : l.customer_id);

function group(lines: readonly CostedLine[], by: (l: CostedLine) => string): Map<string, CostedLine[]> {
  const out = new Map<string, CostedLine[]>();
  for (const l of lines) {
    const list = out.get(by(l));
    if (list) list.push(l);
    else out.set(by(l), [l]);
  }
  return out;
}

function itemRate(kind: Kind, id: string, current: CostedLine[], trailing: CostedLine[], t: Thresholds): ItemRate | null {
  const r1 = sum(current, (l) => l.revenue);
  const r0 = sum(trailing, (l) => l.revenue);
  if (r1 <= 0 || r0 <= 0) return null;
  const margin = r1 - sum(current, (l) => l.cost);
  const rate = margin / r1;
  const trailingRate = (r0 - sum(trailing, (l) => l.cost)) / r0;
  // Rounded before comparing, so a drop of exactly the threshold is not flagged for float noise.
  const changePp = round((rate - trailingRate) * 100, 6);
  const impact = round(r1 * (trailingRate - rate), 2);
  const raw = bridgeOf(bySku(trailing), bySku(current));
  const flag = changePp < -t.threshold_pp && impact > t.min_impact ? 'erosion' : changePp > t.threshold_pp && -impact > t.min_impact ? 'improvement' : null;
  const sign = changePp < 0 ? 1 : -1;
  const driver = (['price', 'cost', 'mix'] as const).reduce((best, e) => (sign * raw[e] < sign * raw[best] ? e : best));
  const first = current[0]!;
  return {
    kind, id,
    name: kind === 'sku' ? first.product_name : first.customer_name,
    ...(kind === 'sku' ? { category: first.category } : { region: first.region, channel: first.channel }),
    revenue: round(r1), margin: round(margin), rate: round(rate, 6),
    trailing_revenue: round(r0), trailing_rate: round(trailingRate, 6), rate_change_pp: round(changePp, 2), impact,
    effects: { price: round(raw.price), cost: round(raw.cost), mix: round(raw.mix) }, driver, flag,
  };
}

/** The items of both kinds that had revenue in the reporting and the trailing weeks, by |impact| (then kind, then id), and how many had none in the trailing weeks. */
export function itemRates(current: readonly CostedLine[], trailing: readonly CostedLine[], t: Thresholds): { items: ItemRate[]; without_trailing_revenue: number } {
  const items: ItemRate[] = [];
  let without = 0;
  for (const kind of ['sku', 'customer'] as const) {
    const before = group(trailing, keyOf(kind));
    for (const [id, lines] of group(current, keyOf(kind))) {
      const item = itemRate(kind, id, lines, before.get(id) ?? [], t);
      if (item) items.push(item);
      else if (sum(lines, (l) => l.revenue) > 0) without++;
    }
  }
  items.sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact) || byText(a.kind, b.kind) || byText(a.id, b.id));
  return { items, without_trailing_revenue: without };
}

export const ranked = (items: readonly ItemRate[]) => ({
  erosions: items.filter((i) => i.flag === 'erosion').slice(0, TOP_EROSIONS),
  improvements: items.filter((i) => i.flag === 'improvement').slice(0, TOP_IMPROVEMENTS),
});

export type BelowCost = {
  line_id: string; invoice_id: string; invoice_date: string; customer_id: string; customer_name: string; sku: string; product_name: string;
  quantity: number; unit_price: number; unit_cost: number; loss: number;
};

/** Sales (not returns) of the week priced under their standard cost; loss = quantity × (unit cost − unit price). */
export function belowCost(current: readonly CostedLine[]): BelowCost[] {
  return current
    .filter((l) => l.quantity > 0 && l.unit_price < l.unit_cost)
    .map((l) => ({
      line_id: l.line_id, invoice_id: l.invoice_id, invoice_date: l.invoice_date, customer_id: l.customer_id, customer_name: l.customer_name, sku: l.sku, product_name: l.product_name,
      quantity: l.quantity, unit_price: l.unit_price, unit_cost: l.unit_cost, loss: round(l.quantity * (l.unit_cost - l.unit_price)),
    }))
    .sort((a, b) => b.loss - a.loss || byText(a.line_id, b.line_id));
}

/** cockpit/exceptions.json. */
export type ExceptionsFile = {
  week: string;
  trailing_weeks: string[];
  threshold_pp: number;
  min_impact: number;
  compared: { skus: number; customers: number; without_trailing_revenue: number };
  erosions: ItemRate[];
  improvements: ItemRate[];
  skus: ItemRate[];
  customers: ItemRate[];
  below_cost: { lines: BelowCost[]; total_loss: number };
};
