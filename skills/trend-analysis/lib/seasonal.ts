// An additive trend + seasonal model of one series, estimated robustly (medians, so one odd period
// does not bend it): the slope is the median of the differences one season apart divided by the
// season length (the seasonal pattern cancels in them), each position's seasonal effect is the
// median of its detrended values, centred so the effects sum to zero. Shorter series fall back
// to simpler models and say why. anomaly-detection reuses the slope and the median.

export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const mean = (values: readonly number[]): number => values.reduce((n, v) => n + v, 0) / values.length;

/** The median of (y[t] - y[t - lag]) / lag: a slope that ignores a pattern repeating every `lag` periods and resists outliers. */
export function lagSlope(y: readonly number[], lag: number): number {
  const slopes: number[] = [];
  for (let t = lag; t < y.length; t++) slopes.push((y[t]! - y[t - lag]!) / lag);
  return slopes.length === 0 ? 0 : median(slopes);
}

/** The slope of a series: over one season when seasonal, else over half the series (a Theil–Sen-like estimate in one pass). */
export const seriesSlope = (y: readonly number[], season: number): number =>
  season >= 2 && y.length > season ? lagSlope(y, season) : lagSlope(y, Math.max(1, Math.floor(y.length / 2)));

export type Method = 'seasonal' | 'short_seasonal' | 'no_season';

export type Decomposition = {
  method: Method;
  /** Why a simpler model was used; null for the full seasonal model. */
  reason: string | null;
  season: number;
  slope: number;
  /** The trend at the first period. */
  level: number;
  /** Seasonal effect per position in the season (t mod season), summing to zero; empty without a seasonal model. */
  effects: number[];
};

export function decompose(y: readonly number[], season: number): Decomposition {
  const n = y.length;
  if (n < 2) throw new Error('a trend needs at least two periods');
  const seasonal = season >= 2 && n > season;
  const slope = seriesSlope(y, season);
  const detrended = y.map((v, t) => v - slope * t);
  if (!seasonal) {
    const reason = season < 2
      ? 'no season length: a trend without seasonality'
      : `${n} periods are not more than one season (${season}): seasonality cannot be told from the trend, so the slope is on the raw series and may carry seasonal movement`;
    return { method: 'no_season', reason, season, slope, level: median(detrended), effects: [] };
  }
  const levels = Array.from({ length: season }, (_, k) => median(detrended.filter((_, t) => t % season === k)));
  const level = mean(levels);
  const short = n < 2 * season;
  return {
    method: short ? 'short_seasonal' : 'seasonal',
    reason: short ? `${n} periods are fewer than two seasons (${2 * season}): each seasonal effect rests on one or two values (the same period last season) and the slope on ${n - season} season-over-season differences` : null,
    season,
    slope,
    level,
    effects: levels.map((l) => l - level),
  };
}

export const effectAt = (d: Decomposition, t: number): number => (d.effects.length > 0 ? d.effects[t % d.season]! : 0);
export const trendAt = (d: Decomposition, t: number): number => d.level + d.slope * t;
/** What the model expects at period t (also beyond the series: a forecast). */
export const expectedAt = (d: Decomposition, t: number): number => trendAt(d, t) + effectAt(d, t);
