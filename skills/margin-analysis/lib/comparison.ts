// cockpit/bridge.json: the figures of the reporting week, the prior week and the same week last
// year, and the bridge of the reporting week against each of the two, in total and per category
// (field names as in sample/ground-truth/margin.json). Revenue and quantity cover all lines; cost,
// margin and margin rate only the lines with a standard cost. Per-category volume and mix use the
// category's own m0, so they do not add up to the total's; each category's effects add up to its
// own margin change.
import { round } from '../../kpi-calculation/lib/table';
import { bridgeOf, bySku, checkBridge, roundedEffects, type Sku } from './bridge';
import { hasCost, type CostedLine, type MarginLine } from './margin-lines';
import type { ReportingWeeks } from './weeks';

const rate = (x: number) => round(x, 6);
const sum = <T>(list: readonly T[], f: (x: T) => number) => list.reduce((n, x) => n + f(x), 0);

export type Part = { lines: number; revenue: number; quantity: number };
export type Totals = {
  lines: number;
  revenue: number;
  quantity: number;
  revenue_with_cost: number;
  quantity_with_cost: number;
  cost: number;
  margin: number;
  margin_rate: number | null;
  no_cost: Part;
  returns: Part;
};

const part = (lines: readonly MarginLine[]): Part => ({ lines: lines.length, revenue: round(sum(lines, (l) => l.revenue)), quantity: sum(lines, (l) => l.quantity) });

export function weekTotals(lines: readonly MarginLine[]): Totals {
  const costed = lines.filter(hasCost);
  const revenue = sum(costed, (l) => l.revenue);
  const margin = revenue - sum(costed, (l) => l.cost);
  return {
    lines: lines.length,
    revenue: round(sum(lines, (l) => l.revenue)),
    quantity: sum(lines, (l) => l.quantity),
    revenue_with_cost: round(revenue),
    quantity_with_cost: sum(costed, (l) => l.quantity),
    cost: round(revenue - margin),
    margin: round(margin),
    margin_rate: revenue === 0 ? null : rate(margin / revenue),
    no_cost: part(lines.filter((l) => !hasCost(l))),
    returns: part(lines.filter((l) => l.quantity < 0)),
  };
}

function bridgeRecord(base: readonly CostedLine[], current: readonly CostedLine[], label: string) {
  const [b0, b1] = [bySku(base), bySku(current)];
  const raw = bridgeOf(b0, b1);
  const check = checkBridge(raw, label);
  const revenue = (m: Map<string, Sku>) => sum([...m.values()], (s) => s.revenue);
  const margin = (m: Map<string, Sku>) => revenue(m) - sum([...m.values()], (s) => s.cost);
  const quantity = (m: Map<string, Sku>) => sum([...m.values()], (s) => s.quantity);
  const rateOf = (m: Map<string, Sku>) => (revenue(m) === 0 ? null : rate(margin(m) / revenue(m)));
  const record = {
    revenue_base: round(revenue(b0)), revenue: round(revenue(b1)), quantity_base: quantity(b0), quantity: quantity(b1),
    margin_base: round(margin(b0)), margin: round(margin(b1)), margin_change: round(raw.change),
    margin_rate_base: rateOf(b0), margin_rate: rateOf(b1), unit_margin_base: round(raw.unit_margin_base, 4),
    ...roundedEffects(raw),
    check: round(check),
  };
  const listed = (m: Map<string, Sku>, skus: string[]) => skus.map((sku) => {
    const s = m.get(sku)!;
    return { sku, quantity: s.quantity, margin: round(s.revenue - s.cost) };
  });
  return { record, new_skus: listed(b1, raw.new_skus), discontinued_skus: listed(b0, raw.discontinued_skus) };
}
type BridgeRecord = ReturnType<typeof bridgeRecord>['record'];

export type SkuMargin = { sku: string; quantity: number; margin: number };
export type Comparison = { base_week: string; week: string } & BridgeRecord & { new_skus: SkuMargin[]; discontinued_skus: SkuMargin[] };
/** Category as in the data: the empty category is a group of its own. */
export type CategoryBridge = { category: string } & BridgeRecord & { new_skus: string[]; discontinued_skus: string[] };
export type Change = { revenue: number; revenue_pct: number | null; margin: number; margin_pct: number | null; margin_rate_pp: number | null };
type Pair<T> = { vs_prior_week: T; vs_last_year: T };
export type BridgeFile = {
  week: string;
  weeks: ReportingWeeks;
  headline: { reporting: Totals; prior: Totals | null; last_year: Totals | null };
  changes: Pair<Change | null>;
  bridge: Pair<Comparison | null>;
  bridge_by_category: Pair<CategoryBridge[]>;
  notes: string[];
};

function change(current: Totals, base: Totals | null): Change | null {
  if (!base) return null;
  const pct = (a: number, b: number) => (b === 0 ? null : round(((a - b) / Math.abs(b)) * 100, 2));
  return {
    revenue: round(current.revenue - base.revenue),
    revenue_pct: pct(current.revenue, base.revenue),
    margin: round(current.margin - base.margin),
    margin_pct: pct(current.margin, base.margin),
    margin_rate_pp: current.margin_rate === null || base.margin_rate === null ? null : round((current.margin_rate - base.margin_rate) * 100, 2),
  };
}

function byCategory(base: readonly CostedLine[], current: readonly CostedLine[], label: string): CategoryBridge[] {
  const categories = [...new Set([...base, ...current].map((l) => l.category))].sort();
  return categories.map((category) => {
    const { record, new_skus, discontinued_skus } = bridgeRecord(base.filter((l) => l.category === category), current.filter((l) => l.category === category), `${label} ${category || '(no category)'}`);
    return { category, ...record, new_skus: new_skus.map((s) => s.sku), discontinued_skus: discontinued_skus.map((s) => s.sku) };
  });
}

export function cockpitBridge(lines: readonly MarginLine[], weeks: ReportingWeeks): BridgeFile {
  const of = (week: string) => lines.filter((l) => l.week === week);
  const costed = (week: string) => of(week).filter(hasCost);
  const totalsOf = (week: string) => (of(week).length > 0 ? weekTotals(of(week)) : null);
  const reporting = weekTotals(of(weeks.reporting));
  const notes: string[] = [];
  // An empty base is no comparison: every SKU would be "new" and the bridge would say nothing.
  const against = (week: string, label: string) => {
    if (costed(week).length === 0) {
      notes.push(`No costed line in ${week}: no bridge ${label}.`);
      return { total: null, categories: [] };
    }
    const { record, new_skus, discontinued_skus } = bridgeRecord(costed(week), costed(weeks.reporting), label);
    return { total: { base_week: week, week: weeks.reporting, ...record, new_skus, discontinued_skus }, categories: byCategory(costed(week), costed(weeks.reporting), label) };
  };
  const prior = against(weeks.prior, 'vs prior week');
  const lastYear = against(weeks.last_year, 'vs last year');
  if (reporting.no_cost.lines > 0) notes.push(`Lines of ${weeks.reporting} without a standard cost (${reporting.no_cost.lines}, revenue ${reporting.no_cost.revenue}) count in revenue but not in cost, margin or margin rate.`);
  return {
    week: weeks.reporting,
    weeks,
    headline: { reporting, prior: totalsOf(weeks.prior), last_year: totalsOf(weeks.last_year) },
    changes: { vs_prior_week: change(reporting, totalsOf(weeks.prior)), vs_last_year: change(reporting, totalsOf(weeks.last_year)) },
    bridge: { vs_prior_week: prior.total, vs_last_year: lastYear.total },
    bridge_by_category: { vs_prior_week: prior.categories, vs_last_year: lastYear.categories },
    notes,
  };
}
