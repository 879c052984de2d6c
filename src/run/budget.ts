import type { BudgetPolicy } from '../domain/budget';

type Spent = { usd: number; tokens: number; wall_clock_seconds: number };

/**
 * What a budget approval proposes when a run would cross a cap (spec §6): every cap raised by the
 * same percentage, at least 50 %, and in steps of 10 % above what this breach needs, so one
 * approval covers the call that needed it and a person is not asked again at once.
 */
export function raiseProposal(budget: BudgetPolicy, spent: Spent, needed: { usd: number; tokens: number }) {
  const ratio = Math.max(
    (spent.usd + needed.usd) / budget.max_usd_per_run,
    (spent.tokens + needed.tokens) / budget.max_tokens_per_run,
    spent.wall_clock_seconds / budget.max_wall_clock_seconds,
  );
  const raise_percent = Math.max(50, Math.ceil(((ratio - 1) * 100) / 10) * 10 + 10);
  const factor = 1 + raise_percent / 100;
  return {
    raise_percent,
    new_budget: {
      max_usd_per_run: Number((budget.max_usd_per_run * factor).toFixed(6)),
      max_tokens_per_run: Math.ceil(budget.max_tokens_per_run * factor),
      max_wall_clock_seconds: Math.ceil(budget.max_wall_clock_seconds * factor),
    },
  };
}
