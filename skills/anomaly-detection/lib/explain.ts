// Why a period is anomalous: for each dimension, the members whose own deviation from their own
// expectation (same method as the total) makes up most of the total deviation, then one level
// down: the second dimension inside the first dimension's main member. Shares are of the total
// deviation (of the member's, one level down); they need not add up to 100 % exactly, because each
// expectation is a median of its own history.
import { round, seriesByMember, type MeasureRow, type MeasureTable } from '../../kpi-calculation/lib/table';
import { expectationAt } from './detect';

const TOP_MEMBERS = 3;

export type MemberDeviation = { member: string; value: number; expected: number; deviation: number; share: number | null };
export type DimensionDeviations = { dimension: string; top: MemberDeviation[] };
export type Explanation = {
  by_dimension: DimensionDeviations[];
  /** The first dimension's largest contributor; null without dimensions. */
  driver: { dimension: string; member: string; share: number | null } | null;
  /** Inside the driver, the breakdown by the second dimension, as shares of the driver's deviation. */
  drill_down: DimensionDeviations | null;
};

type Context = { table: MeasureTable; lag: number; flagged: readonly number[] };

function deviations(ctx: Context, t: number, total: number, dimension: number, keep?: (row: MeasureRow) => boolean): DimensionDeviations {
  const members = [...seriesByMember(ctx.table, 0, dimension, keep)].map(([member, y]) => {
    const expected = expectationAt(y, t, ctx.lag, ctx.flagged);
    const deviation = y[t]! - expected;
    return { member, value: y[t]!, expected, deviation, share: total === 0 ? null : deviation / total };
  });
  // Largest first in the direction of the total's deviation.
  const sign = total < 0 ? -1 : 1;
  members.sort((a, b) => sign * (b.deviation - a.deviation) || a.member.localeCompare(b.member));
  const top = members.slice(0, TOP_MEMBERS).map((m) => ({ ...m, value: round(m.value), expected: round(m.expected), deviation: round(m.deviation), share: m.share === null ? null : round(m.share, 4) }));
  return { dimension: ctx.table.dimensions[dimension]!, top };
}

/** The dimensions' order is the drill path: the first dimension's largest contributor is the driver, broken down by the second inside it. */
export function explain(ctx: Context, t: number, deviation: number): Explanation {
  const byDimension = ctx.table.dimensions.map((_, d) => deviations(ctx, t, deviation, d));
  const top = byDimension[0]?.top[0];
  if (!top) return { by_dimension: byDimension, driver: null, drill_down: null };
  const inside = (row: MeasureRow) => row.members[0] === top.member;
  return {
    by_dimension: byDimension,
    driver: { dimension: byDimension[0]!.dimension, member: top.member, share: top.share },
    drill_down: byDimension.length > 1 ? deviations(ctx, t, top.deviation, 1, inside) : null,
  };
}
