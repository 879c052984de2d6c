import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { aging, BUCKETS } from '../lib/cash';
import { asOfDate, euros, money, readOpenItems } from '../lib/ledger';

export const risk = 'compute';

export const description =
  'Age open receivables at an as-of date (days past due: current, 1-30, 31-60, 61-90, over 90) from an open-items CSV in ' +
  'the run workspace (invoice_id, customer_id, invoice_date, due_date, open_amount); writes ar/aging.md and returns the ' +
  'invoice count and open amount per bucket.';

export const args = z.strictObject({
  open_items: z.string().min(1).max(512).describe('Workspace path of the open-items CSV'),
  as_of: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).default('').describe('YYYY-MM-DD; empty: today'),
  output: z.string().min(1).max(512).default('ar/aging.md'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const asOf = asOfDate(input.as_of);
  const items = await readOpenItems(ctx, input.open_items);
  if (items.length === 0) throw new Error(`"${input.open_items}" has no open items: there is nothing to age or collect`);
  const buckets = aging(items, asOf);
  const total = items.reduce((n, i) => n + i.open, 0);
  await ctx.writeArtifact(input.output, [
    `# Receivables aging as of ${asOf}`, '', `${items.length} open invoices of ${new Set(items.map((i) => i.customer_id)).size} customers, ${money(total)} open.`, '',
    '| bucket | invoices | open amount |', '|---|---|---|', ...BUCKETS.map((b) => `| ${b} | ${buckets[b].invoices} | ${money(buckets[b].open)} |`), '',
  ].join('\n'), 'text/markdown');
  return {
    as_of: asOf,
    invoices: items.length,
    open_amount: euros(total),
    buckets: Object.fromEntries(BUCKETS.map((b) => [b, { invoices: buckets[b].invoices, open_amount: euros(buckets[b].open) }])),
    report: input.output,
  };
}
