import { describe, expect, it } from 'vitest';
import { BudgetPolicy } from '../domain/budget';
import { raiseProposal } from './budget';

const budget = BudgetPolicy.parse({ max_usd_per_run: 1, max_tokens_per_run: 1000, max_wall_clock_seconds: 100 });

describe('raiseProposal', () => {
  it('raises every cap by at least 50 %', () => {
    expect(raiseProposal(budget, { usd: 0.9, tokens: 0, wall_clock_seconds: 0 }, { usd: 0.15, tokens: 0 })).toEqual({
      raise_percent: 50,
      new_budget: { max_usd_per_run: 1.5, max_tokens_per_run: 1500, max_wall_clock_seconds: 150 },
    });
  });

  it('covers the breach with 10 % to spare when it needs more than 50 %, whichever cap it crosses', () => {
    // Tokens need 180 %: rounded up to 80 % over, plus 10.
    const tokens = raiseProposal(budget, { usd: 0, tokens: 900, wall_clock_seconds: 0 }, { usd: 0, tokens: 900 });
    expect(tokens.raise_percent).toBe(90);
    expect(tokens.new_budget.max_tokens_per_run).toBeGreaterThanOrEqual(1800);
    const time = raiseProposal(budget, { usd: 0, tokens: 0, wall_clock_seconds: 230 }, { usd: 0, tokens: 0 });
    expect(time.raise_percent).toBe(140);
    expect(time.new_budget.max_wall_clock_seconds).toBeGreaterThanOrEqual(230);
  });
});
