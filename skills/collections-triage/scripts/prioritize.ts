import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toCsvInSlices } from '../../../src/skills/slices';
import { euros, money, readAccounts, readJson, readOpenItems } from '../lib/ledger';
import { prioritize, type Deduction } from '../lib/triage';

export const risk = 'compute';

export const description =
  'Rank the customers with an overdue balance after today\'s cash: score = overdue / 1000 × (1 + weighted days overdue / 30) ' +
  '× 1.5 for a promise broken in the last 30 days × 1.3 over 90 % of the credit limit × 1.2 with likely-invalid deductions; ' +
  'one action each (dispute, credit-hold proposal, escalate, call, reminder) and the collector. Writes ar/worklist.csv and ' +
  'ar/worklist.md, and returns the top priority_limit with a review question for a collections lead. When apply_cash found ' +
  'no remittance in its window, the question and ar/worklist.md open with its message: no cash was applied.';

export const args = z.strictObject({
  open_after_cash: z.string().min(1).max(512).default('ar/open_after_cash.csv'),
  accounts: z.string().min(1).max(512),
  deductions: z.string().min(1).max(512).default('ar/deductions.json'),
  cash_application: z.string().min(1).max(512).default('ar/cash-application.json').describe('apply_cash\'s result: when it found no remittances, the question says no cash was applied'),
  priority_limit: z.number().int().min(1).max(1000).default(25),
  output_dir: z.string().min(1).max(256).default('ar'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const items = await readOpenItems(ctx, input.open_after_cash);
  const accounts = await readAccounts(ctx, input.accounts);
  const { as_of: asOf, deductions } = await readJson<{ as_of: string; deductions: (Deduction & { amount: number })[] }>(ctx, input.deductions);
  const cash = await readJson<{ no_remittances?: boolean; message?: string }>(ctx, input.cash_application);
  // Said first, so a lead never reads the worklist as if today's cash had been applied.
  const noCash = cash.no_remittances ? [`No cash applied today. ${cash.message ?? 'No remittances in the window.'}`] : [];
  const ranked = prioritize(items, new Map(items.map((i) => [i.invoice_id, i.open])), accounts, deductions, asOf);
  if (ranked.length === 0) throw new Error(`No customer has an overdue balance on ${asOf} after today's cash: there is nobody to chase (check the as-of date)`);
  const top = ranked.slice(0, input.priority_limit);
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { worklist: `${dir}/worklist.csv`, report: `${dir}/worklist.md` };
  const columns = ['as_of_date', 'rank', 'customer_id', 'name', 'overdue_amount', 'weighted_days_overdue', 'score', 'action', 'collector', 'account_owner'];
  await ctx.writeArtifact(files.worklist, await toCsvInSlices(columns, top.map((w, i) => [asOf, i + 1, w.customer_id, w.name, money(w.overdue_amount), w.weighted_days_overdue, w.score, w.action, w.collector, w.account_owner])), 'text/csv');
  const invalid = deductions.filter((d) => d.validity === 'likely_invalid');
  const lines = top.map((w, i) => `${i + 1}. ${w.name} (${w.customer_id}): ${money(w.overdue_amount)} overdue, ${w.weighted_days_overdue} days, score ${w.score} → ${w.action} (${w.collector})`);
  await ctx.writeArtifact(files.report, [`# Collections worklist ${asOf}`, '', ...noCash.flatMap((line) => [line, '']), ...lines, '', `${ranked.length} customers have an overdue balance; the top ${top.length} are listed.`, ''].join('\n'), 'text/markdown');
  return {
    as_of: asOf,
    customers_overdue: ranked.length,
    no_cash_applied: noCash.length > 0,
    worklist: top.map((w) => ({ ...w, overdue_amount: euros(w.overdue_amount) })),
    files,
    // Exactly the arguments of kbagent.human_in_loop.
    question: {
      prompt: [
        ...noCash, `Today's collections worklist (${asOf}), the top ${top.length} of ${ranked.length} overdue customers:`, ...lines,
        invalid.length > 0 ? `Likely-invalid deductions to dispute: ${invalid.map((d) => `${d.invoice_id} ${d.amount.toFixed(2)} (${d.reason}, by ${d.dispute_deadline})`).join('; ')}` : 'No likely-invalid deductions.',
      ].join('\n').slice(0, 4000),
      kind: 'radio' as const,
      options: [
        { value: 'approve', label: 'Approve as proposed' },
        { value: 'approve_with_changes', label: 'Approve with changes', requires_comment: true, detail: 'One change per line: "remove <customer id>" or "<customer id>: <action>" (reminder, call, escalate, dispute, credit_hold_proposal).' },
        { value: 'hold', label: "Hold today's worklist" },
      ],
    },
  };
}
