// The budget badge between two reads of the run: `budget` events carry what is spent and the caps,
// `budget_raised` the new caps. Spending and caps only ever grow, so the larger value is the newer.
import type { BudgetView, RunEvent } from '../api/types';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function liveBudget(base: BudgetView, events: readonly RunEvent[]): BudgetView {
  let b = base;
  for (const event of events) {
    const d = event.data;
    if (event.type === 'budget') {
      b = {
        ...b,
        spent_usd: Math.max(b.spent_usd, num(d.spent_usd) ?? 0),
        spent_tokens: Math.max(b.spent_tokens, num(d.spent_tokens) ?? 0),
        max_usd: Math.max(b.max_usd, num(d.max_usd) ?? 0),
        max_tokens: Math.max(b.max_tokens, num(d.max_tokens) ?? 0),
      };
    } else if (event.type === 'budget_raised' && d.budget && typeof d.budget === 'object') {
      const caps = d.budget as Record<string, unknown>;
      b = {
        ...b,
        max_usd: Math.max(b.max_usd, num(caps.max_usd_per_run) ?? 0),
        max_tokens: Math.max(b.max_tokens, num(caps.max_tokens_per_run) ?? 0),
        max_wall_clock_seconds: Math.max(b.max_wall_clock_seconds, num(caps.max_wall_clock_seconds) ?? 0),
      };
    }
  }
  if (b === base) return base;
  return { ...b, remaining_usd: Math.max(0, b.max_usd - b.spent_usd), remaining_tokens: Math.max(0, b.max_tokens - b.spent_tokens) };
}
