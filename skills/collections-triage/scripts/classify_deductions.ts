import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import type { FoundDeduction } from '../lib/cash';
import { cents, euros, money, readJson, readOpenItems, readPromotions } from '../lib/ledger';
import { classify, REASONS } from '../lib/triage';

export const risk = 'compute';

export const description =
  'Classify the deductions apply_cash found (reason from the memo code, else the memo text: promotion, pricing, shortage, ' +
  'damaged, compliance, duplicate, unauthorised) and judge each: a promotion is likely valid only when a trade promotion ' +
  'covers the invoice date and amount, a repeated invoice and amount is a likely-invalid duplicate, a pricing deduction on ' +
  'an invoice priced at the list is likely invalid; the rest needs evidence. Small ones are write-off candidates (never ' +
  'written off). Writes ar/deductions.json and ar/deductions_log.csv.';

export const args = z.strictObject({
  cash_application: z.string().min(1).max(512).default('ar/cash-application.json'),
  open_items: z.string().min(1).max(512),
  trade_promotions: z.string().max(512).default('').describe('Workspace path of the trade promotions CSV; empty: no promotions known'),
  small_deduction_limit: z.number().min(0).default(50),
  dispute_window_days: z.number().int().min(0).max(365).default(30),
  output_dir: z.string().min(1).max(256).default('ar'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const { as_of: asOf, deductions: found } = await readJson<{ as_of: string; deductions: (Omit<FoundDeduction, 'amount'> & { amount: number })[] }>(ctx, input.cash_application);
  const items = await readOpenItems(ctx, input.open_items);
  const promotions = input.trade_promotions ? await readPromotions(ctx, input.trade_promotions) : [];
  const deductions = classify(found.map((d) => ({ ...d, amount: cents(String(d.amount)) })), items, promotions, { smallLimit: Math.round(input.small_deduction_limit * 100), disputeDays: input.dispute_window_days });
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { deductions: `${dir}/deductions.json`, log: `${dir}/deductions_log.csv` };
  const count = (reason: string, validity?: string) => deductions.filter((d) => d.reason === reason && (!validity || d.validity === validity));
  const summary = Object.fromEntries(REASONS.map((r) => [r, { count: count(r).length, amount: euros(count(r).reduce((n, d) => n + d.amount, 0)), likely_valid: count(r, 'likely_valid').length, likely_invalid: count(r, 'likely_invalid').length, needs_evidence: count(r, 'needs_evidence').length }]));
  const listed = deductions.map((d) => ({ ...d, amount: euros(d.amount) }));
  await ctx.writeArtifact(files.deductions, JSON.stringify({ as_of: asOf, summary, deductions: listed }, null, 2), 'application/json');
  await ctx.writeArtifact(files.log, await toCsvInSlices(
    ['as_of_date', 'remittance_id', 'invoice_id', 'customer_id', 'amount', 'reason', 'validity', 'write_off_candidate', 'dispute_deadline'],
    deductions.map((d) => [asOf, d.remittance_id, d.invoice_id, d.customer_id, money(d.amount), d.reason, d.validity, d.write_off_candidate, d.dispute_deadline]),
  ), 'text/csv');
  return {
    deductions: listed.map(({ memo_text: _text, ...d }) => d),
    summary,
    likely_invalid_amount: euros(deductions.filter((d) => d.validity === 'likely_invalid').reduce((n, d) => n + d.amount, 0)),
    write_off_candidates: listed.filter((d) => d.write_off_candidate).map((d) => ({ remittance_id: d.remittance_id, invoice_id: d.invoice_id, amount: d.amount })),
    files,
  };
}
