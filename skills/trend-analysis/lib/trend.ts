// The reading of one series a person wants: where it is heading (slope and direction, after taking
// the seasonal pattern out), what the seasonal pattern is, and how the latest period compares with
// the one before and with what the model of the earlier periods expected for it.
import { round } from '../../kpi-calculation/lib/table';
import { decompose, effectAt, expectedAt, mean, trendAt, type Method } from './seasonal';

export type TrendPoint = { period: string; value: number; trend: number; seasonal: number; expected: number; deseasonalised: number };

export type TrendSummary = {
  method: Method;
  reason: string | null;
  periods: number;
  season_length: number;
  slope_per_period: number;
  slope_per_season: number | null;
  /** Flat when the trend moves less than flat_tolerance_pct of the mean level over the whole series. */
  direction: 'up' | 'down' | 'flat';
  mean_level: number;
  seasonal: { position: number; period: string; effect: number; index: number | null }[];
  latest: {
    period: string;
    value: number;
    previous_period: string | null;
    previous: number | null;
    change: number | null;
    change_pct: number | null;
    deseasonalised_change: number | null;
    /** From the model of the periods before the latest, so the latest value does not shape its own expectation. */
    expected: number | null;
    expected_method: Method | null;
    change_vs_expected: number | null;
    change_vs_expected_pct: number | null;
  };
};

const pct = (change: number, base: number) => (base === 0 ? null : round((change / Math.abs(base)) * 100, 2));

export function trendOf(y: readonly number[], periods: readonly string[], season: number, flatTolerancePct: number): { summary: TrendSummary; points: TrendPoint[] } {
  const d = decompose(y, season);
  const n = y.length;
  const points = y.map((value, t) => ({ period: periods[t]!, value, trend: trendAt(d, t), seasonal: effectAt(d, t), expected: expectedAt(d, t), deseasonalised: value - effectAt(d, t) }));
  const level = mean(points.map((p) => p.deseasonalised));
  const drift = Math.abs(d.slope * (n - 1));
  const direction = drift <= (flatTolerancePct / 100) * Math.abs(level) ? 'flat' : d.slope > 0 ? 'up' : 'down';
  // Each position labelled by its latest period, which is the one a reader recognises.
  const seasonal = d.effects.map((effect, k) => ({
    position: k + 1,
    period: periods[k + season * Math.floor((n - 1 - k) / season)]!,
    effect: round(effect),
    index: level > 0 ? round((level + effect) / level, 4) : null,
  }));
  const t = n - 1;
  const before = n >= 3 ? decompose(y.slice(0, t), season) : null;
  const expected = before ? expectedAt(before, t) : null;
  const change = t > 0 ? y[t]! - y[t - 1]! : null;
  return {
    summary: {
      method: d.method,
      reason: d.reason,
      periods: n,
      season_length: season,
      slope_per_period: round(d.slope, 4),
      slope_per_season: d.effects.length > 0 ? round(d.slope * season, 2) : null,
      direction,
      mean_level: round(level),
      seasonal,
      latest: {
        period: periods[t]!,
        value: round(y[t]!),
        previous_period: t > 0 ? periods[t - 1]! : null,
        previous: t > 0 ? round(y[t - 1]!) : null,
        change: change === null ? null : round(change),
        change_pct: change === null ? null : pct(change, y[t - 1]!),
        deseasonalised_change: t > 0 ? round(points[t]!.deseasonalised - points[t - 1]!.deseasonalised) : null,
        expected: expected === null ? null : round(expected),
        expected_method: before?.method ?? null,
        change_vs_expected: expected === null ? null : round(y[t]! - expected),
        change_vs_expected_pct: expected === null ? null : pct(y[t]! - expected, expected),
      },
    },
    points,
  };
}
