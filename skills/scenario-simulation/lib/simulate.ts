// What-if on the three drivers of a line's margin. A price change scales revenue, a volume change
// scales quantity with revenue and cost (unit price and unit cost stay), a unit-cost change scales
// cost. Several changes of one driver on one line compound: +3 % then +2 % is +5.06 %. Every
// change is also applied alone, so a scenario's effect splits into its changes plus their
// interaction (what compounding adds).
import { round, type MeasureRow } from '../../kpi-calculation/lib/table';

export const DRIVERS = ['price', 'volume', 'unit_cost'] as const;
export type Driver = (typeof DRIVERS)[number];
export type Change = { driver: Driver; pct: number; dimension?: string; member?: string };
export type Scenario = { name: string; changes: Change[] };

export type Kpis = { quantity: number; revenue: number; cost: number; margin: number; margin_rate: number | null };
export type Delta = { quantity: number; revenue: number; cost: number; margin: number; margin_rate_pp: number | null };

/** The rows' values are [quantity, revenue, cost]; members follow `dimensions`. */
export type Lines = { rows: readonly MeasureRow[]; dimensions: readonly string[] };

type Factors = { price: number; volume: number; unit_cost: number };
const NONE: Factors = { price: 1, volume: 1, unit_cost: 1 };

export function describeChange(c: Change): string {
  const scope = c.dimension ? ` for ${c.dimension}=${c.member}` : '';
  return `${c.driver.replace('_', ' ')} ${c.pct > 0 ? '+' : ''}${c.pct} %${scope}`;
}

function factors(lines: Lines, changes: readonly Change[]): (row: MeasureRow) => Factors {
  const scoped = changes.map((c) => {
    if (!c.dimension) return { c, d: -1 };
    const d = lines.dimensions.indexOf(c.dimension);
    if (d < 0) throw new Error(`change "${describeChange(c)}": "${c.dimension}" is not a dimension of the table`);
    return { c, d };
  });
  return (row) => {
    const f = { ...NONE };
    for (const { c, d } of scoped) if (d < 0 || row.members[d] === c.member) f[c.driver] *= 1 + c.pct / 100;
    return f;
  };
}

export function kpis(rows: readonly MeasureRow[], factorsOf: (row: MeasureRow) => Factors = () => NONE): Kpis {
  let quantity = 0;
  let revenue = 0;
  let cost = 0;
  for (const row of rows) {
    const f = factorsOf(row);
    quantity += row.values[0]! * f.volume;
    revenue += row.values[1]! * f.price * f.volume;
    cost += row.values[2]! * f.unit_cost * f.volume;
  }
  const margin = revenue - cost;
  return { quantity: round(quantity), revenue: round(revenue), cost: round(cost), margin: round(margin), margin_rate: revenue === 0 ? null : round(margin / revenue, 6) };
}

export function delta(base: Kpis, after: Kpis): Delta {
  const pp = base.margin_rate === null || after.margin_rate === null ? null : round((after.margin_rate - base.margin_rate) * 100, 2);
  return { quantity: round(after.quantity - base.quantity), revenue: round(after.revenue - base.revenue), cost: round(after.cost - base.cost), margin: round(after.margin - base.margin), margin_rate_pp: pp };
}

export type MemberResult = { member: string; base: Kpis; result: Kpis; delta: Delta };

export function simulate(lines: Lines, scenario: Scenario, breakdown: number) {
  const base = kpis(lines.rows);
  const result = kpis(lines.rows, factors(lines, scenario.changes));
  const total = delta(base, result);
  const byChange = scenario.changes.map((c) => ({ change: describeChange(c), delta: delta(base, kpis(lines.rows, factors(lines, [c]))) }));
  const byMember: MemberResult[] = [];
  if (breakdown >= 0) {
    const groups = new Map<string, MeasureRow[]>();
    for (const row of lines.rows) {
      const member = row.members[breakdown]!;
      const group = groups.get(member);
      if (group) group.push(row);
      else groups.set(member, [row]);
    }
    for (const [member, rows] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      const b = kpis(rows);
      const r = kpis(rows, factors(lines, scenario.changes));
      byMember.push({ member, base: b, result: r, delta: delta(b, r) });
    }
  }
  return {
    name: scenario.name,
    changes: scenario.changes.map(describeChange),
    base,
    result,
    delta: total,
    by_change: byChange,
    interaction_margin: round(total.margin - byChange.reduce((n, c) => n + c.delta.margin, 0)),
    by_member: byMember,
  };
}
