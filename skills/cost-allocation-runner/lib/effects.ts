/**
 * Splits each product's change in allocated cost between two periods, per cost centre, into a
 * driver-volume effect (its share of the pool moved: (s1 - s0) * P0) and a cost-pool effect (the
 * pool itself moved: (P1 - P0) * s1). The two add up to the change exactly. Pools and shares are
 * read from the allocation itself (a reconciled allocation's cost-centre sum is the pool), so this
 * works whatever SQL produced it.
 */
export type Effects = { volume_effect: number; pool_effect: number; top_cost_centers: { cost_center: string; change: number }[] };

export type AllocationRow = { period: string; cost_center: string; item: string; allocated: number };

export function varianceEffects(rows: readonly AllocationRow[], prior: string, current: string, top = 2): Map<string, Effects> {
  const alloc = { [prior]: new Map<string, number>(), [current]: new Map<string, number>() } as Record<string, Map<string, number>>;
  const pools = { [prior]: new Map<string, number>(), [current]: new Map<string, number>() } as Record<string, Map<string, number>>;
  const items = new Set<string>();
  const centres = new Set<string>();
  for (const r of rows) {
    if (r.period !== prior && r.period !== current) continue;
    const key = `${r.item}\u0000${r.cost_center}`;
    alloc[r.period]!.set(key, (alloc[r.period]!.get(key) ?? 0) + r.allocated);
    pools[r.period]!.set(r.cost_center, (pools[r.period]!.get(r.cost_center) ?? 0) + r.allocated);
    items.add(r.item);
    centres.add(r.cost_center);
  }
  const out = new Map<string, Effects>();
  for (const item of items) {
    let volume = 0;
    let pool = 0;
    const byCentre: { cost_center: string; change: number }[] = [];
    for (const cc of centres) {
      const key = `${item}\u0000${cc}`;
      const a0 = alloc[prior]!.get(key) ?? 0;
      const a1 = alloc[current]!.get(key) ?? 0;
      if (a0 === 0 && a1 === 0) continue;
      const p0 = pools[prior]!.get(cc) ?? 0;
      const p1 = pools[current]!.get(cc) ?? 0;
      const s0 = p0 === 0 ? 0 : a0 / p0;
      const s1 = p1 === 0 ? 0 : a1 / p1;
      volume += (s1 - s0) * p0;
      pool += (p1 - p0) * s1;
      if (round2(a1 - a0) !== 0) byCentre.push({ cost_center: cc, change: round2(a1 - a0) });
    }
    byCentre.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.cost_center.localeCompare(b.cost_center));
    out.set(item, { volume_effect: round2(volume), pool_effect: round2(pool), top_cost_centers: byCentre.slice(0, top) });
  }
  return out;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
