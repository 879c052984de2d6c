// The price / volume / mix / cost bridge of the weekly-margin-cockpit blueprint (step margin-bridge;
// the same rules as sample/ground-truth/margin.json), per SKU with Q = net quantity, P = revenue / Q,
// C = cost / Q, M = revenue − cost, Qt = sum(Q) and m0 = M0 / Qt0. A SKU is "in both" weeks when its
// Q is not zero in either.
//   price  =   sum over both of Q1 × (P1 − P0)
//   cost   = − sum over both of Q1 × (C1 − C0)
//   volume =   (Qt1 − Qt0) × m0
//   mix    =   (M1 − M0) − price − cost − volume
// Mix is also computed on its own, so the check that the four effects add up to M1 − M0 tests the
// arithmetic: continuing = sum over both of (Q1 − Q0) × (M0 / Q0 − m0), new = sum over the other
// SKUs with lines this week of (M1 − Q1 × m0), discontinued = − sum over the other SKUs with lines
// in the base week of (M0 − Q0 × m0): a new SKU adds to mix only what it earns above the base's
// average unit margin, its units being in volume already. Derivation: references/bridge.md.
import { round } from '../../kpi-calculation/lib/table';
import type { CostedLine } from './margin-lines';

export type Sku = { quantity: number; revenue: number; cost: number };
const marginOf = (s: Sku) => s.revenue - s.cost;

export function bySku(lines: readonly CostedLine[]): Map<string, Sku> {
  const out = new Map<string, Sku>();
  for (const l of lines) {
    const s = out.get(l.sku) ?? { quantity: 0, revenue: 0, cost: 0 };
    s.quantity += l.quantity;
    s.revenue += l.revenue;
    s.cost += l.cost;
    out.set(l.sku, s);
  }
  return out;
}

export type RawBridge = {
  change: number;
  price: number;
  cost: number;
  volume: number;
  /** Computed on its own (continuing + new_sku + discontinued_sku), not as the remainder. */
  mix: number;
  continuing: number;
  new_sku: number;
  discontinued_sku: number;
  unit_margin_base: number;
  new_skus: string[];
  discontinued_skus: string[];
};

export function bridgeOf(base: ReadonlyMap<string, Sku>, current: ReadonlyMap<string, Sku>): RawBridge {
  const sum = (m: ReadonlyMap<string, Sku>, f: (s: Sku) => number) => [...m.values()].reduce((n, s) => n + f(s), 0);
  const qt0 = sum(base, (s) => s.quantity);
  const m0 = qt0 === 0 ? 0 : sum(base, marginOf) / qt0;
  const inBoth = (sku: string) => (base.get(sku)?.quantity ?? 0) !== 0 && (current.get(sku)?.quantity ?? 0) !== 0;
  let price = 0;
  let cost = 0;
  let continuing = 0;
  for (const [sku, b] of current) {
    if (!inBoth(sku)) continue;
    const a = base.get(sku)!;
    price += b.quantity * (b.revenue / b.quantity - a.revenue / a.quantity);
    cost -= b.quantity * (b.cost / b.quantity - a.cost / a.quantity);
    continuing += (b.quantity - a.quantity) * (marginOf(a) / a.quantity - m0);
  }
  const fresh = [...current.keys()].filter((s) => !inBoth(s)).sort();
  const gone = [...base.keys()].filter((s) => !inBoth(s)).sort();
  const newSku = fresh.reduce((n, s) => n + marginOf(current.get(s)!) - current.get(s)!.quantity * m0, 0);
  const discontinued = -gone.reduce((n, s) => n + marginOf(base.get(s)!) - base.get(s)!.quantity * m0, 0);
  return {
    change: sum(current, marginOf) - sum(base, marginOf),
    price,
    cost,
    volume: (sum(current, (s) => s.quantity) - qt0) * m0,
    mix: continuing + newSku + discontinued,
    continuing,
    new_sku: newSku,
    discontinued_sku: discontinued,
    unit_margin_base: m0,
    new_skus: fresh,
    discontinued_skus: gone,
  };
}

/** The bridge does not reconcile: a defect or broken input, never something to report as a finding. */
export class BridgeMismatch extends Error {
  override name = 'BridgeMismatch';
  constructor(readonly comparison: string, readonly difference: number) {
    super(`The ${comparison} bridge does not add up: price + volume + mix + cost differ from the margin change by ${difference}, more than 0.01`);
  }
}

export function checkBridge(b: RawBridge, comparison: string): number {
  const difference = b.price + b.volume + b.mix + b.cost - b.change;
  if (!(Math.abs(difference) <= 0.01)) throw new BridgeMismatch(comparison, difference);
  return difference;
}

/**
 * The effects in cents. Price, cost, volume and the new and discontinued parts are rounded; mix is
 * the rounded change less the three rounded effects and continuing the rounded mix less its two
 * rounded parts, so the printed bridge adds up to the cent.
 */
export function roundedEffects(b: RawBridge) {
  const [price, cost, volume, newSku, discontinued] = [b.price, b.cost, b.volume, b.new_sku, b.discontinued_sku].map((x) => round(x));
  const mix = round(round(b.change) - price! - cost! - volume!);
  return { price: price!, cost: cost!, volume: volume!, mix, mix_detail: { continuing: round(mix - newSku! - discontinued!), new_sku: newSku!, discontinued_sku: discontinued! } };
}
