// KPIs of one scope (the total, or one member of a dimension) per period: the summed measures and
// the ratio KPIs built from them, each with its change against the previous period and against the
// same period a season earlier. Ratios are computed from the period's sums (never averaged), so a
// margin rate is total margin over total revenue.
import { round } from './table';

export type Ratio = { name: string; numerator: number; denominator: number };

/** "margin_rate = margin / revenue", whose two sides are measures of the table. */
export function parseRatio(text: string, measures: readonly string[]): Ratio {
  const m = /^\s*([^=/]+?)\s*=\s*([^=/]+?)\s*\/\s*([^=/]+?)\s*$/.exec(text);
  if (!m) throw new Error(`ratio "${text}" is not "name = numerator / denominator"`);
  const index = (column: string) => {
    const i = measures.indexOf(column);
    if (i < 0) throw new Error(`ratio "${text}": "${column}" is not one of the measures (${measures.join(', ')})`);
    return i;
  };
  return { name: m[1]!, numerator: index(m[2]!), denominator: index(m[3]!) };
}

export type KpiValue = {
  value: number | null;
  previous: number | null;
  change: number | null;
  change_pct: number | null;
  season_ago: number | null;
  change_vs_season: number | null;
  change_vs_season_pct: number | null;
};

/** The KPI series of one scope: each measure's sums, then each ratio (null where its denominator is 0). */
export function kpiSeries(measureSeries: readonly number[][], ratios: readonly Ratio[]): (number | null)[][] {
  const ratio = (r: Ratio) => measureSeries[r.numerator]!.map((n, t) => {
    const d = measureSeries[r.denominator]![t]!;
    return d === 0 ? null : n / d;
  });
  return [...measureSeries, ...ratios.map(ratio)];
}

/** A KPI at period t against t - 1 and t - season (no season comparison when season is 1 or less). */
export function kpiAt(values: readonly (number | null)[], t: number, season: number, digits: number): KpiValue {
  const at = (i: number) => (i >= 0 ? values[i] ?? null : null);
  const value = at(t);
  const previous = at(t - 1);
  const seasonAgo = season > 1 ? at(t - season) : null;
  const diff = (base: number | null) => (value === null || base === null ? null : value - base);
  const pct = (base: number | null) => (value === null || base === null || base === 0 ? null : round(((value - base) / Math.abs(base)) * 100, 2));
  const r = (x: number | null) => (x === null ? null : round(x, digits));
  return {
    value: r(value),
    previous: r(previous),
    change: r(diff(previous)),
    change_pct: pct(previous),
    season_ago: r(seasonAgo),
    change_vs_season: r(diff(seasonAgo)),
    change_vs_season_pct: pct(seasonAgo),
  };
}
