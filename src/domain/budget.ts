import { z } from '@hono/zod-openapi';

/** Hard per-run caps (spec §2-3). Mandatory on every Playbook; the fields default per the PRD. */
export const BudgetPolicy = z
  .strictObject({
    max_usd_per_run: z.number().positive().max(100_000).default(5.0),
    max_tokens_per_run: z.number().int().positive().default(1_000_000),
    max_wall_clock_seconds: z.number().int().positive().max(30 * 24 * 3600).default(3600),
    on_breach: z.enum(['pause_for_approval', 'abort']).default('pause_for_approval'),
  })
  .openapi('BudgetPolicy');
export type BudgetPolicy = z.infer<typeof BudgetPolicy>;
