import { describe, expect, it } from 'vitest';
import type { BudgetView, RunEvent } from '../api/types';
import { liveBudget } from './live-budget';

const base: BudgetView = {
  max_usd: 1, max_tokens: 1000, max_wall_clock_seconds: 600, on_breach: 'pause_for_approval',
  spent_usd: 0.1, spent_tokens: 100, wall_clock_seconds: 3, remaining_usd: 0.9, remaining_tokens: 900,
};
const event = (seq: number, type: string, data: Record<string, unknown>): RunEvent => ({ seq, run_id: 'r', type, at: '2026-01-01T00:00:00Z', data });

describe('liveBudget', () => {
  it('takes spending from budget events and caps from budget_raised', () => {
    const b = liveBudget(base, [
      event(1, 'budget', { spent_usd: 0.5, spent_tokens: 400, max_usd: 1, max_tokens: 1000, remaining_usd: 0.5, remaining_tokens: 600 }),
      event(2, 'budget_raised', { by: 'ada', budget: { max_usd_per_run: 1.5, max_tokens_per_run: 1500, max_wall_clock_seconds: 900 } }),
    ]);
    expect(b).toMatchObject({ spent_usd: 0.5, spent_tokens: 400, max_usd: 1.5, max_tokens: 1500, max_wall_clock_seconds: 900, remaining_usd: 1, remaining_tokens: 1100 });
  });
  it('never goes back to older numbers than the run read', () => {
    expect(liveBudget({ ...base, spent_usd: 0.7 }, [event(1, 'budget', { spent_usd: 0.2, spent_tokens: 50, max_usd: 1, max_tokens: 1000 })]).spent_usd).toBe(0.7);
  });
  it('returns the same object without budget events', () => {
    expect(liveBudget(base, [event(1, 'note', { message: 'x' })])).toBe(base);
  });
});
