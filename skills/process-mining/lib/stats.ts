/** The q-quantile of `values` with linear interpolation between ranks (the median of an even count is the mean of the middle two). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const DAY_MS = 86_400_000;
export const days = (fromMs: number, toMs: number): number => (toMs - fromMs) / DAY_MS;
/** Median and 90th percentile in days, two decimals (null when there is nothing to measure). */
export function spread(values: readonly number[]): { p50_days: number | null; p90_days: number | null } {
  const p50 = quantile(values, 0.5);
  const p90 = quantile(values, 0.9);
  return { p50_days: p50 === null ? null : round2(p50), p90_days: p90 === null ? null : round2(p90) };
}
