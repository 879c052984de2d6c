// Anomalies of one series. Each period is compared with what the periods before it let one expect
// (never with itself): the same position in up to five earlier seasons, trend-adjusted, by their
// median. A period already flagged is replaced by its expectation before later periods look back
// at it, so a one-off does not make the same period next season look anomalous too. Deviations
// are scored with a robust z: (residual - median) / (1.4826 × MAD), which one large residual
// cannot inflate the way a standard deviation would.
import { mean, median, seriesSlope } from '../../trend-analysis/lib/seasonal';

const LOOKBACK_SEASONS = 5;
/** Periods that must be scored for a distribution of residuals to mean anything. */
const MIN_SCORED = 3;

export type Scored = { t: number; value: number; expected: number; residual: number; z: number; flagged: boolean };

export type Detection = {
  /** Periods compared: a season (lag periods) apart, or 1 without seasonality. */
  lag: number;
  method: 'seasonal' | 'no_season';
  reason: string | null;
  slope: number;
  center: number;
  scale: number;
  min_deviation: number;
  scored: Scored[];
};

export type Thresholds = { z: number; minDeviationPct: number };

function lookBack(clean: readonly number[], t: number, lag: number, slope: number): number {
  const earlier: number[] = [];
  for (let j = 1; j <= LOOKBACK_SEASONS && t - j * lag >= 0; j++) earlier.push(clean[t - j * lag]! - slope * (t - j * lag));
  return slope * t + median(earlier);
}

/** Expectations from `lag` on; the periods `isAnomaly` accepts are replaced by their expectation for the periods after them. */
function expectations(y: readonly number[], lag: number, slope: number, isAnomaly: (residual: number) => boolean): { t: number; expected: number }[] {
  const clean = [...y];
  const out: { t: number; expected: number }[] = [];
  for (let t = lag; t < y.length; t++) {
    const expected = lookBack(clean, t, lag, slope);
    if (isAnomaly(y[t]! - expected)) clean[t] = expected;
    out.push({ t, expected });
  }
  return out;
}

/** The expectation of period t of another series (a dimension member's) by the same method, cleaned at the periods flagged in the total. */
export function expectationAt(y: readonly number[], t: number, lag: number, flagged: readonly number[]): number {
  const slope = seriesSlope(y, lag);
  const clean = [...y];
  for (const p of flagged) if (p < t && p >= lag) clean[p] = lookBack(clean, p, lag, slope);
  return lookBack(clean, t, lag, slope);
}

export function detect(y: readonly number[], season: number, thresholds: Thresholds): Detection {
  const n = y.length;
  if (n < MIN_SCORED + 1) throw new Error(`${n} periods are too few to tell an anomaly: at least ${MIN_SCORED + 1} are needed`);
  const seasonal = season >= 2 && n - season >= MIN_SCORED;
  const lag = seasonal ? season : 1;
  let reason: string | null = null;
  if (season < 2) reason = 'no season length: each period is compared with the five before it, trend-adjusted';
  else if (!seasonal) reason = `${n} periods leave fewer than ${MIN_SCORED} to score after one season (${season}): seasonality is ignored and each period is compared with the five before it`;
  else if (n < 3 * season) reason = `${n} periods are fewer than three seasons (${3 * season}): each expectation rests on one or two earlier seasons, and the first season (${season} periods) is only a base`;
  const slope = seriesSlope(y, lag);

  // Pass 1, nothing cleaned: the spread of the residuals, the yardstick for pass 2.
  const first = expectations(y, lag, slope, () => false).map((e) => y[e.t]! - e.expected);
  const center = median(first);
  const mad = median(first.map((r) => Math.abs(r - center)));
  const level = median(y.map(Math.abs));
  // Sums of decimals leave residuals of 1e-14 where there are none: below this they count as 0.
  const negligible = 1e-9 * Math.max(1, level);
  // When more than half the residuals are (about) equal, as in a very regular series, MAD is 0: the mean absolute deviation still measures the rest.
  const meanDeviation = 1.2533 * mean(first.map((r) => Math.abs(r - center)));
  const scale = mad > negligible ? 1.4826 * mad : meanDeviation > negligible ? meanDeviation : 0;
  const minDeviation = (thresholds.minDeviationPct / 100) * level;
  const zOf = (residual: number) => (scale > 0 ? (residual - center) / scale : 0);
  const isAnomaly = (residual: number) => Math.abs(zOf(residual)) > thresholds.z && Math.abs(residual) > minDeviation;

  const scored = expectations(y, lag, slope, isAnomaly).map(({ t, expected }) => {
    const residual = y[t]! - expected;
    return { t, value: y[t]!, expected, residual, z: zOf(residual), flagged: isAnomaly(residual) };
  });
  return { lag, method: seasonal ? 'seasonal' : 'no_season', reason, slope, center, scale, min_deviation: minDeviation, scored };
}
