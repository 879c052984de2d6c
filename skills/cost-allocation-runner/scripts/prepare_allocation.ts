import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { priorPeriod } from '../lib/periods';
import { sqlString, substituteParameter } from '../lib/sql-params';

/** Pure text work on its arguments: nothing is read or written. */
export const risk = 'compute';


export const description =
  'Resolve the periods of a cost allocation (period and prior period, by default the month before) and return the author\'s ' +
  'allocation SQL once per period with :period replaced by the quoted month, otherwise unchanged. Fails when the SQL has no ' +
  ':period placeholder, since both periods would then return the same rows.';

export const args = z.strictObject({
  sql: z.string().min(1).max(100_000).describe('The allocation SQL; :period stands for the month'),
  period: z.string().min(1).max(32).describe('The month to allocate, YYYY-MM'),
  prior_period: z.string().max(32).default('previous').describe('YYYY-MM, or "previous" for the month before period'),
});

type Input = z.infer<typeof args>;

export async function run(input: Input, _ctx: SkillScriptContext) {
  const period = input.period.trim();
  const prior = priorPeriod(period, input.prior_period);
  const current = substituteParameter(input.sql, 'period', sqlString(period));
  if (current.count === 0) {
    throw new Error('The allocation SQL has no :period placeholder (outside quotes and comments); without it both periods would return the same rows');
  }
  const previous = substituteParameter(input.sql, 'period', sqlString(prior));
  return {
    period,
    prior_period: prior,
    // Oldest first: the order the reconciliation and the workbook list them in.
    periods: [prior, period].sort(),
    placeholders: current.count,
    current_sql: current.sql,
    prior_sql: previous.sql,
  };
}
