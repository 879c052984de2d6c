import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import salesCsv from '../../sample/in.c-erp/sales_lines.csv?raw';
import costsCsv from '../../sample/in.c-erp/standard_costs.csv?raw';
import truthText from '../../sample/ground-truth/margin.json?raw';
// @ts-expect-error -- the sample generator is plain JavaScript without type declarations
import { prng, toCsv } from '../../scripts/generate-sample/lib.mjs';
// @ts-expect-error -- the sample generator is plain JavaScript without type declarations
import { marginTables } from '../../scripts/generate-sample/margin.mjs';

// The weekly-margin sample (scripts/generate-sample/margin.mjs) has to be worth running the Weekly
// Margin Cockpit on: the committed CSVs hold every story the ground truth (sample/ground-truth/margin.json)
// names, and its bridges add up. The checks below read the CSVs and recompute what they need with
// their own week, cost and money arithmetic, not with scripts/generate-sample/margin-truth.mjs.

type Sale = {
  line_id: string; invoice_id: string; invoice_date: string; sku: string; product_name: string; category: string; customer_id: string;
  customer_name: string; region: string; channel: string; quantity: string; unit_price: string; net_revenue: string;
};
type Cost = { sku: string; valid_from: string; unit_cost: string };
type Bridge = {
  base_week: string; week: string; margin_base: number; margin: number; margin_change: number;
  price: number; cost: number; volume: number; mix: number; mix_detail: { continuing: number; new_sku: number; discontinued_sku: number };
  new_skus: { sku: string }[]; discontinued_skus: { sku: string }[];
};
type CategoryBridge = Omit<Bridge, 'new_skus' | 'discontinued_skus'> & { category: string; new_skus: string[]; discontinued_skus: string[] };
type Item = { kind: 'sku' | 'customer'; id: string; rate: number; trailing_rate: number; rate_change_pp: number; impact: number; driver: string };
type WeekTotals = { lines: number; revenue: number; quantity: number; revenue_with_cost: number; cost: number; margin: number; margin_rate: number };
type Truth = {
  rules: string[];
  reporting_week: { week: string; from: string; to: string };
  prior_week: { week: string; from: string; to: string };
  trailing_weeks: { week: string; from: string; to: string }[];
  last_year_week: { week: string; from: string; to: string };
  weeks: Record<string, WeekTotals>;
  bridge: { vs_prior_week: Bridge; vs_last_year: Bridge };
  bridge_by_category: { vs_prior_week: CategoryBridge[]; vs_last_year: CategoryBridge[] };
  exceptions: { erosions: Item[]; improvements: Item[]; skus: Item[]; customers: Item[] };
  below_cost: { lines: { line_id: string; quantity: number; unit_price: number; unit_cost: number; loss: number }[]; total_loss: number };
  data_issues: { reporting_week: { no_cost: { lines: number; revenue: number; skus: string[] }; zero_or_negative_price: { line_ids: string[] }; missing_category: { skus: string[] } } };
  planted: {
    price_leak: { customer_id: string; category: string; line_ids: string[]; price_change_pct: number; driver: string };
    cost_increase: { sku: string; valid_from: string; unit_cost_before: number; unit_cost_after: number; driver: string }[];
    below_cost: { line_ids: string[]; total_loss: number };
    missing_cost: { sku: string; lines: number; line_ids: string[] }[];
    missing_category: { sku: string }[];
    returns: { line_ids: string[] };
    zero_price: { line_ids: string[] };
    anomaly: { week: string; region: string; customer_id: string };
    new_skus: { sku: string }[];
    discontinued_skus: { sku: string }[];
  };
};

const rows = <T>(csv: string) => Papa.parse<T>(csv, { header: true, skipEmptyLines: true }).data;
const SALES = rows<Sale>(salesCsv);
const COSTS = rows<Cost>(costsCsv);
const TRUTH = JSON.parse(truthText) as Truth;
const SEED = 'agent-studio sample margin v1';

// ---- independent arithmetic: ISO weeks from the calendar, money in integer cents ----------------
const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
/** ISO week of a date: the week of its Thursday, counted from the year's first Thursday. */
function isoWeek(date: string): string {
  const d = new Date(utc(date));
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
const cents = (s: string) => Math.round(Number(s) * 100);
const eur = (c: number) => c / 100;
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);

/** The standard cost (cents) valid on a date, or null: the row with the latest valid_from on or before it. */
function costLookup(costs: Cost[]) {
  const bySku = new Map<string, Cost[]>();
  for (const c of costs) bySku.set(c.sku, [...(bySku.get(c.sku) ?? []), c]);
  return (sku: string, date: string): number | null => {
    const valid = (bySku.get(sku) ?? []).filter((c) => c.valid_from <= date).sort((a, b) => (a.valid_from < b.valid_from ? 1 : -1));
    return valid.length ? cents(valid[0]!.unit_cost) : null;
  };
}

type Line = { row: Sale; week: string; q: number; price: number; rev: number; unitCost: number | null; cost: number | null };
function costed(sales: Sale[], costs: Cost[]): Line[] {
  const costOn = costLookup(costs);
  return sales.map((row) => {
    const q = Number(row.quantity);
    const unitCost = costOn(row.sku, row.invoice_date);
    return { row, week: isoWeek(row.invoice_date), q, price: cents(row.unit_price), rev: cents(row.net_revenue), unitCost, cost: unitCost === null ? null : q * unitCost };
  });
}

/** Below-cost lines of a week, recomputed: quantity > 0, a cost, unit price under it. */
function belowCost(lines: Line[], week: string) {
  return lines.filter((l) => l.week === week && l.q > 0 && l.unitCost !== null && l.price < l.unitCost)
    .map((l) => ({ line_id: l.row.line_id, loss: l.q * (l.unitCost! - l.price) }));
}

/** What is wrong with the truth's below-cost list against the rows (empty when it holds). */
function belowCostProblems(sales: Sale[], costs: Cost[], truth: Truth): string[] {
  const found = belowCost(costed(sales, costs), truth.reporting_week.week);
  const listed = truth.below_cost.lines;
  const problems: string[] = [];
  for (const b of listed) {
    const hit = found.find((f) => f.line_id === b.line_id);
    if (!hit) problems.push(`${b.line_id} is not sold below its standard cost`);
    else if (Math.abs(eur(hit.loss) - b.loss) > 0.005) problems.push(`${b.line_id}: loss ${eur(hit.loss)}, the truth says ${b.loss}`);
  }
  for (const f of found) if (!listed.some((b) => b.line_id === f.line_id)) problems.push(`${f.line_id} is below cost but not listed`);
  return problems;
}

/** What is wrong with a bridge's arithmetic (empty when the effects add up to the margin change within 0.01). */
function bridgeProblems(b: Omit<Bridge, 'new_skus' | 'discontinued_skus'>): string[] {
  const problems: string[] = [];
  const total = b.price + b.cost + b.volume + b.mix;
  if (Math.abs(total - b.margin_change) > 0.01) problems.push(`${b.base_week} -> ${b.week}: effects add up to ${total.toFixed(2)}, the margin changed ${b.margin_change}`);
  if (Math.abs(b.margin - b.margin_base - b.margin_change) > 0.01) problems.push(`${b.base_week} -> ${b.week}: margin change is not margin - base`);
  const inside = b.mix_detail.continuing + b.mix_detail.new_sku + b.mix_detail.discontinued_sku;
  if (Math.abs(inside - b.mix) > 0.01) problems.push(`${b.base_week} -> ${b.week}: mix detail adds up to ${inside.toFixed(2)}, mix is ${b.mix}`);
  return problems;
}

/** The bridge recomputed from the lines (cents, unrounded) with the blueprint's formulas. */
function recomputeBridge(lines: Line[], base: string, week: string) {
  const agg = (w: string) => {
    const out = new Map<string, { q: number; rev: number; cost: number }>();
    for (const l of lines) {
      if (l.week !== w || l.cost === null) continue;
      const a = out.get(l.row.sku) ?? { q: 0, rev: 0, cost: 0 };
      out.set(l.row.sku, { q: a.q + l.q, rev: a.rev + l.rev, cost: a.cost + l.cost });
    }
    return out;
  };
  const [A, B] = [agg(base), agg(week)];
  const M = (x: typeof A) => sum([...x.values()], (a) => a.rev - a.cost);
  const Q = (x: typeof A) => sum([...x.values()], (a) => a.q);
  const m0 = M(A) / Q(A);
  let price = 0;
  let cost = 0;
  for (const [sku, b] of B) {
    const a = A.get(sku);
    if (!a || a.q === 0 || b.q === 0) continue;
    price += b.q * (b.rev / b.q - a.rev / a.q);
    cost -= b.q * (b.cost / b.q - a.cost / a.q);
  }
  const volume = (Q(B) - Q(A)) * m0;
  return { change: eur(M(B) - M(A)), price: eur(price), cost: eur(cost), volume: eur(volume) };
}

const LINES = costed(SALES, COSTS);
const inWeek = (week: string) => LINES.filter((l) => l.week === week);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe('sample data: weekly margin (Weekly Margin Cockpit)', () => {
  it('has the documented tables, 104 ISO weeks of 90 to 150 lines, and consistent amounts', () => {
    expect(salesCsv.split('\n', 1)[0]).toBe('line_id,invoice_id,invoice_date,sku,product_name,category,customer_id,customer_name,region,channel,quantity,unit_price,net_revenue');
    expect(costsCsv.split('\n', 1)[0]).toBe('sku,valid_from,unit_cost');
    expect(SALES.length).toBeLessThanOrEqual(15_000);
    expect(new Set(SALES.map((s) => s.line_id)).size).toBe(SALES.length);
    expect(new Set(COSTS.map((c) => `${c.sku}|${c.valid_from}`)).size).toBe(COSTS.length);

    const perWeek = new Map<string, number>();
    for (const l of LINES) perWeek.set(l.week, (perWeek.get(l.week) ?? 0) + 1);
    const weeks = [...perWeek.keys()].sort();
    expect(weeks).toHaveLength(104);
    expect([weeks[0], weeks.at(-1)]).toEqual(['2024-W45', '2026-W44']);
    for (const [week, n] of perWeek) {
      expect(n, week).toBeGreaterThanOrEqual(90);
      expect(n, week).toBeLessThanOrEqual(150);
    }
    const dates = SALES.map((s) => s.invoice_date).sort();
    expect(dates[0]).toBe('2024-11-04');
    expect(dates.at(-1)! >= '2026-10-26' && dates.at(-1)! <= '2026-11-01').toBe(true);

    for (const s of SALES) {
      expect(s.unit_price, s.line_id).toMatch(/^\d+\.\d{2}$/);
      expect(Number.isInteger(Number(s.quantity)) && Number(s.quantity) !== 0, s.line_id).toBe(true);
      expect(cents(s.net_revenue), s.line_id).toBe(Number(s.quantity) * cents(s.unit_price));
    }
    const categories = new Set(SALES.map((s) => s.category).filter(Boolean));
    expect(categories.size).toBeGreaterThanOrEqual(4);
    expect(categories.size).toBeLessThanOrEqual(6);
    expect(new Set(SALES.map((s) => s.sku)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(SALES.map((s) => s.sku)).size).toBeLessThanOrEqual(40);
    expect(new Set(SALES.map((s) => s.customer_id)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(SALES.map((s) => s.customer_id)).size).toBeLessThanOrEqual(80);
    expect(new Set(SALES.map((s) => s.region))).toEqual(new Set(['DACH', 'Nordics', 'Benelux', 'CEE', 'UK & Ireland']));
    expect(new Set(SALES.map((s) => s.channel))).toEqual(new Set(['Retail', 'Wholesale', 'E-commerce']));
    // Costs change over time: most SKUs have several rows.
    const rowsPerSku = new Map<string, number>();
    for (const c of COSTS) rowsPerSku.set(c.sku, (rowsPerSku.get(c.sku) ?? 0) + 1);
    expect([...rowsPerSku.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(25);
  });

  it('names the reporting, prior, trailing and last-year weeks with their dates, and their totals match the rows', () => {
    expect(TRUTH.reporting_week).toEqual({ week: '2026-W44', from: '2026-10-26', to: '2026-11-01' });
    expect(TRUTH.prior_week).toEqual({ week: '2026-W43', from: '2026-10-19', to: '2026-10-25' });
    expect(TRUTH.trailing_weeks.map((w) => w.week)).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43']);
    expect(TRUTH.trailing_weeks[0]!.from).toBe('2026-09-28');
    expect(TRUTH.last_year_week).toEqual({ week: '2025-W44', from: '2025-10-27', to: '2025-11-02' });
    expect(TRUTH.rules.join(' ')).toMatch(/lines with a cost/);
    for (const week of ['2026-W44', '2026-W43', '2025-W44']) {
      const ls = inWeek(week);
      const withCost = ls.filter((l) => l.cost !== null);
      const t = TRUTH.weeks[week]!;
      expect(t.lines, week).toBe(ls.length);
      expect(t.revenue, week).toBeCloseTo(eur(sum(ls, (l) => l.rev)), 2);
      expect(t.quantity, week).toBe(sum(ls, (l) => l.q));
      expect(t.revenue_with_cost, week).toBeCloseTo(eur(sum(withCost, (l) => l.rev)), 2);
      expect(t.cost, week).toBeCloseTo(eur(sum(withCost, (l) => l.cost!)), 2);
      expect(t.margin, week).toBeCloseTo(eur(sum(withCost, (l) => l.rev - l.cost!)), 2);
      expect(t.margin_rate, week).toBeCloseTo(t.margin / t.revenue_with_cost, 5);
    }
  });

  it('has bridges vs the prior week and vs last year that add up to the margin change within 0.01, in total and per category', () => {
    for (const [name, b] of Object.entries(TRUTH.bridge)) {
      expect(bridgeProblems(b), name).toEqual([]);
      const again = recomputeBridge(LINES, b.base_week, b.week);
      expect(Math.abs(again.change - b.margin_change), `${name} change`).toBeLessThanOrEqual(0.01);
      expect(Math.abs(again.price - b.price), `${name} price`).toBeLessThanOrEqual(0.01);
      expect(Math.abs(again.cost - b.cost), `${name} cost`).toBeLessThanOrEqual(0.01);
      expect(Math.abs(again.volume - b.volume), `${name} volume`).toBeLessThanOrEqual(0.01);
      // The launch and the discontinued SKU land in mix.
      expect(b.new_skus.map((s) => s.sku), name).toContain(TRUTH.planted.new_skus[0]!.sku);
      expect(b.discontinued_skus.map((s) => s.sku), name).toContain(TRUTH.planted.discontinued_skus[0]!.sku);
      const byCategory = TRUTH.bridge_by_category[name as keyof Truth['bridge_by_category']];
      for (const c of byCategory) expect(bridgeProblems(c), `${name} ${c.category}`).toEqual([]);
      expect(Math.abs(sum(byCategory, (c) => c.margin_change) - b.margin_change), name).toBeLessThanOrEqual(0.01);
      expect(byCategory.map((c) => c.category)).toContain('');
    }
  });

  it('holds every planted item the truth names', () => {
    const p = TRUTH.planted;
    const week = TRUTH.reporting_week.week;
    const trailing = new Set(TRUTH.trailing_weeks.map((w) => w.week));
    const costOn = costLookup(COSTS);

    // c. Below-cost lines, found again from the rows; the free-of-charge line is one of them.
    expect(belowCostProblems(SALES, COSTS, TRUTH)).toEqual([]);
    expect(p.below_cost.line_ids.length).toBeGreaterThanOrEqual(3);
    expect(p.below_cost.line_ids).toEqual(expect.arrayContaining(p.zero_price.line_ids));
    const zero = inWeek(week).filter((l) => l.q > 0 && l.price <= 0).map((l) => l.row.line_id);
    expect(zero).toEqual(p.zero_price.line_ids);
    expect(zero).toHaveLength(1);

    // d. The SKU without cost has no standard_costs row at all but sells this week.
    expect(p.missing_cost).toHaveLength(1);
    const noCost = p.missing_cost[0]!.sku;
    expect(COSTS.some((c) => c.sku === noCost)).toBe(false);
    expect(inWeek(week).filter((l) => l.row.sku === noCost).map((l) => l.row.line_id)).toEqual(p.missing_cost[0]!.line_ids);
    expect(inWeek(week).filter((l) => l.cost === null).map((l) => l.row.sku)).toEqual(p.missing_cost[0]!.line_ids.map(() => noCost));
    expect(TRUTH.data_issues.reporting_week.no_cost.skus).toEqual([noCost]);

    // e. One SKU has an empty category on every line, and only it.
    const noCategory = [...new Set(SALES.filter((s) => s.category === '').map((s) => s.sku))];
    expect(noCategory).toEqual(p.missing_category.map((s) => s.sku));
    expect(SALES.filter((s) => s.sku === noCategory[0]).every((s) => s.category === '')).toBe(true);

    // f. Returns: negative quantities this week.
    const returns = inWeek(week).filter((l) => l.q < 0).map((l) => l.row.line_id);
    expect(returns.sort()).toEqual([...p.returns.line_ids].sort());
    expect(returns.length).toBeGreaterThanOrEqual(2);

    // a. The price leak: the customer's prices on the category this week are 10-15 % below its own trailing prices,
    // and only this week; its other categories are not discounted.
    const leak = p.price_leak;
    const leakLines = inWeek(week).filter((l) => l.row.customer_id === leak.customer_id && l.row.category === leak.category);
    expect(leakLines.map((l) => l.row.line_id).sort()).toEqual([...leak.line_ids].sort());
    expect(leakLines.length).toBeGreaterThanOrEqual(3);
    const trailingPrice = (sku: string, customer: string) => {
      const ls = LINES.filter((l) => trailing.has(l.week) && l.row.sku === sku && l.row.customer_id === customer && l.q > 0);
      return ls.length ? sum(ls, (l) => l.rev) / sum(ls, (l) => l.q) : null;
    };
    let compared = 0;
    for (const l of leakLines) {
      const before = trailingPrice(l.row.sku, leak.customer_id);
      if (before === null) continue;
      compared++;
      expect(l.price / before, l.row.line_id).toBeLessThan(0.9);
      expect(l.price / before, l.row.line_id).toBeGreaterThan(0.84);
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    for (const l of inWeek(week).filter((x) => x.row.customer_id === leak.customer_id && x.row.category !== leak.category && x.q > 0)) {
      const before = trailingPrice(l.row.sku, leak.customer_id);
      if (before !== null && !p.below_cost.line_ids.includes(l.row.line_id)) expect(Math.abs(l.price / before - 1), l.row.line_id).toBeLessThan(0.03);
    }
    expect(leak.price_change_pct).toBeLessThan(-10);
    expect(leak.price_change_pct).toBeGreaterThan(-15);
    const leakItem = TRUTH.exceptions.erosions.find((e) => e.kind === 'customer' && e.id === leak.customer_id);
    expect(leakItem).toMatchObject({ driver: 'price' });
    expect(leakItem!.rate_change_pp).toBeLessThan(-2);
    expect(leakItem!.impact).toBeGreaterThan(500);

    // b. The cost increase: a new cost row 15-20 % up inside the prior or the reporting week, prices unchanged.
    expect(p.cost_increase).toHaveLength(1);
    const rise = p.cost_increase[0]!;
    expect(rise.valid_from >= TRUTH.prior_week.from && rise.valid_from <= TRUTH.reporting_week.to).toBe(true);
    const before = costOn(rise.sku, new Date(utc(rise.valid_from) - DAY).toISOString().slice(0, 10))!;
    const after = costOn(rise.sku, rise.valid_from)!;
    expect(after / before).toBeGreaterThan(1.15);
    expect(after / before).toBeLessThan(1.2);
    expect([eur(before), eur(after)]).toEqual([rise.unit_cost_before, rise.unit_cost_after]);
    const skuLines = (weeks: Set<string>) => LINES.filter((l) => weeks.has(l.week) && l.row.sku === rise.sku && l.q > 0 && !p.below_cost.line_ids.includes(l.row.line_id));
    const avgPrice = (ls: Line[]) => sum(ls, (l) => l.rev) / sum(ls, (l) => l.q);
    expect(Math.abs(avgPrice(skuLines(new Set([week]))) / avgPrice(skuLines(trailing)) - 1)).toBeLessThan(0.03);
    const riseItem = TRUTH.exceptions.erosions.find((e) => e.kind === 'sku' && e.id === rise.sku);
    expect(riseItem).toMatchObject({ driver: 'cost' });
    expect(riseItem!.impact).toBeGreaterThan(500);

    // h. A launch first sold this week and a SKU last sold in the prior week.
    const first = new Map<string, string>();
    const last = new Map<string, string>();
    for (const l of [...LINES].sort((a, b) => (a.row.invoice_date < b.row.invoice_date ? -1 : 1))) {
      if (!first.has(l.row.sku)) first.set(l.row.sku, l.week);
      last.set(l.row.sku, l.week);
    }
    expect([...first].filter(([, w]) => w === week).map(([s]) => s)).toEqual(p.new_skus.map((s) => s.sku));
    expect([...last].filter(([, w]) => w === TRUTH.prior_week.week).map(([s]) => s)).toEqual(p.discontinued_skus.map((s) => s.sku));
    expect(p.new_skus).toHaveLength(1);
    expect(p.discontinued_skus).toHaveLength(1);

    // g. The anomaly week: revenue far above the weeks around it, explained by one region and one customer in it.
    const weeks = [...new Set(LINES.map((l) => l.week))].sort();
    const revenue = (f: (l: Line) => boolean) => weeks.map((w) => sum(LINES.filter((l) => l.week === w && f(l)), (l) => l.rev));
    const around = (s: number[], i: number) => median(s.filter((_, j) => j !== i && Math.abs(j - i) <= 4));
    const total = revenue(() => true);
    const i = weeks.indexOf(p.anomaly.week);
    expect(p.anomaly.week).toBe('2026-W30');
    expect(total[i]! / around(total, i)).toBeGreaterThan(1.3);
    const others = weeks.map((_, j) => total[j]! / around(total, j)).filter((_, j) => j !== i);
    expect(Math.max(...others)).toBeLessThan(1.25);
    const region = revenue((l) => l.row.region === p.anomaly.region);
    const customer = revenue((l) => l.row.customer_id === p.anomaly.customer_id);
    expect(SALES.find((s) => s.customer_id === p.anomaly.customer_id)!.region).toBe(p.anomaly.region);
    expect(customer[i]! - around(customer, i)).toBeGreaterThan(0.8 * (total[i]! - around(total, i)));
    expect(region[i]! - around(region, i)).toBeGreaterThan(0.8 * (total[i]! - around(total, i)));
  });

  it('catches a corrupted row or a corrupted bridge (negative controls)', () => {
    // Raise one planted below-cost line to its cost + 1.00: the check no longer finds it below cost.
    const target = TRUTH.below_cost.lines.find((b) => b.unit_price > 0)!;
    const corrupted = SALES.map((s) => {
      if (s.line_id !== target.line_id) return s;
      const price = cents(String(target.unit_cost)) + 100;
      return { ...s, unit_price: (price / 100).toFixed(2), net_revenue: ((price * Number(s.quantity)) / 100).toFixed(2) };
    });
    expect(belowCostProblems(corrupted, COSTS, TRUTH)).toEqual([`${target.line_id} is not sold below its standard cost`]);
    // Give the SKU without cost a cost above its prices: its lines become below-cost lines the truth does not list.
    const withCost = [...COSTS, { sku: TRUTH.planted.missing_cost[0]!.sku, valid_from: '2024-01-01', unit_cost: '999.00' }];
    expect(belowCostProblems(SALES, withCost, TRUTH).length).toBeGreaterThan(0);
    // A bridge whose price effect is off by a cent more than the tolerance.
    const bridge = { ...TRUTH.bridge.vs_prior_week, price: TRUTH.bridge.vs_prior_week.price + 0.02 };
    expect(bridgeProblems(bridge)).toHaveLength(1);
  });

  it('is what the seeded generator writes, every time', () => {
    const write = () => {
      const { tables, truth } = marginTables(prng(SEED)) as { tables: { id: string; columns: string[]; rows: unknown[] }[]; truth: unknown };
      return { csv: Object.fromEntries(tables.map((t) => [t.id, toCsv(t.columns, t.rows) as string])), truth: `${JSON.stringify(truth, null, 2)}\n` };
    };
    const [a, b] = [write(), write()];
    expect(a).toEqual(b);
    expect(a.csv['in.c-erp.sales_lines'] === salesCsv).toBe(true);
    expect(a.csv['in.c-erp.standard_costs']).toBe(costsCsv);
    expect(a.truth === truthText).toBe(true);
  });
});
