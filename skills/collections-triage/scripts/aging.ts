import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { aging, BUCKETS } from '../lib/cash';
import { asOfDate, columnsOf, euros, money, readOpenItems, type OpenItem } from '../lib/ledger';

export const risk = 'compute';

export const description =
  'Age open receivables at an as-of date (days past due: current, 1-30, 31-60, 61-90, over 90) from an open-items CSV in ' +
  'the run workspace (invoice_id, customer_id, invoice_date, due_date, open_amount); writes ar/aging.md and returns the ' +
  'invoice count and open amount per bucket. An invoice is open at as_of when it has an open amount and was issued on or ' +
  'before as_of. With no open invoice at as_of it fails, never ages nothing: it names the file and what the file holds ' +
  '(only its header, only paid rows, or the issue dates of its open invoices and so the as-of dates that have open items).';

export const args = z.strictObject({
  open_items: z.string().min(1).max(512).describe('Workspace path of the open-items CSV'),
  as_of: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).default('').describe('YYYY-MM-DD; empty: today'),
  output: z.string().min(1).max(512).default('ar/aging.md'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const asOf = asOfDate(input.as_of);
  const rows = await readOpenItems(ctx, input.open_items);
  const items = await openAt(ctx, input.open_items, rows, asOf);
  const buckets = aging(items, asOf);
  const total = items.reduce((n, i) => n + i.open, 0);
  const later = rows.filter((i) => i.open !== 0).length - items.length;
  await ctx.writeArtifact(input.output, [
    `# Receivables aging as of ${asOf}`, '', `${items.length} open invoices of ${new Set(items.map((i) => i.customer_id)).size} customers, ${money(total)} open.${later > 0 ? ` ${later} invoices issued after ${asOf} are not aged.` : ''}`, '',
    '| bucket | invoices | open amount |', '|---|---|---|', ...BUCKETS.map((b) => `| ${b} | ${buckets[b].invoices} | ${money(buckets[b].open)} |`), '',
  ].join('\n'), 'text/markdown');
  return {
    as_of: asOf,
    invoices: items.length,
    issued_after_as_of: later,
    open_amount: euros(total),
    buckets: Object.fromEntries(BUCKETS.map((b) => [b, { invoices: buckets[b].invoices, open_amount: euros(buckets[b].open) }])),
    report: input.output,
  };
}

/**
 * The invoices open at `asOf`: an open amount, issued on or before it. Aging nothing is no report:
 * with none, this fails naming the file and what it does hold, so a wrong as-of date or an empty
 * export is said as such instead of an aging of zero.
 */
async function openAt(ctx: SkillScriptContext, path: string, rows: readonly OpenItem[], asOf: string): Promise<OpenItem[]> {
  const withAmount = rows.filter((i) => i.open !== 0);
  const issued = withAmount.filter((i) => i.invoice_date.slice(0, 10) <= asOf);
  if (issued.length > 0) return issued;
  const none = 'there are no open invoices to age or collect';
  if (rows.length === 0) throw new Error(`"${path}" has no rows, only its header (${(await columnsOf(ctx, path)).join(', ')}): ${none}`);
  if (withAmount.length === 0) throw new Error(`"${path}" has ${rows.length} invoice rows but none with an open amount (open_amount is 0 on every row): ${none}`);
  const dates = withAmount.map((i) => i.invoice_date.slice(0, 10)).sort();
  const customers = new Set(withAmount.map((i) => i.customer_id)).size;
  throw new Error(`"${path}" has no invoice open on ${asOf}: its ${withAmount.length} open invoices of ${customers} customers were issued from ${dates[0]} to ${dates.at(-1)}; as-of dates with open items: ${dates[0]} or later`);
}
