// Deductions classified and judged, then the customers to chase ranked with one next action each.
// The rules are written out in SKILL.md; each validity names the evidence it rests on.
import type { FoundDeduction } from './cash';
import { addDays, daysBetween, type Account, type OpenItem, type Promotion } from './ledger';

export const REASONS = ['promotion', 'pricing', 'shortage', 'damaged', 'compliance', 'duplicate', 'unauthorised'] as const;
type Reason = (typeof REASONS)[number];
const CODES: Record<string, Reason> = { PRM: 'promotion', PRC: 'pricing', SHT: 'shortage', DMG: 'damaged', CMP: 'compliance', DUP: 'duplicate', UNA: 'unauthorised' };
const WORDS: [RegExp, Reason][] = [
  [/promo|allowance/i, 'promotion'], [/pric/i, 'pricing'], [/short|missing/i, 'shortage'], [/damage|broken/i, 'damaged'],
  [/compliance|chargeback|label/i, 'compliance'], [/duplicate|twice/i, 'duplicate'],
];

export function reasonOf(code: string, text: string): Reason {
  return CODES[code] ?? WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'unauthorised';
}

export type Deduction = FoundDeduction & { reason: Reason; validity: 'likely_valid' | 'likely_invalid' | 'needs_evidence'; evidence: string; write_off_candidate: boolean; dispute_deadline: string };

export function classify(found: readonly FoundDeduction[], items: readonly OpenItem[], promotions: readonly Promotion[], options: { smallLimit: number; disputeDays: number }): Deduction[] {
  const invoice = new Map(items.map((i) => [i.invoice_id, i]));
  return found.map((d, k) => {
    const reason = reasonOf(d.memo_code, d.memo_text);
    const inv = invoice.get(d.invoice_id);
    let validity: Deduction['validity'] = 'needs_evidence';
    let evidence = 'needs proof of delivery, claim photos or the retailer\'s compliance notice';
    if (reason === 'promotion') {
      const covering = promotions.find((p) => p.customer_id === d.customer_id && inv && p.valid_from <= inv.invoice_date && inv.invoice_date <= p.valid_to && d.amount <= p.max_amount);
      validity = covering ? 'likely_valid' : 'likely_invalid';
      evidence = covering ? `promotion ${covering.promotion_id} covers the invoice date and the amount` : 'no promotion of the customer covers this invoice date and amount';
    } else if (reason === 'duplicate') {
      const earlier = found.slice(0, k).some((e) => e.invoice_id === d.invoice_id && e.amount === d.amount);
      validity = earlier ? 'likely_invalid' : 'needs_evidence';
      evidence = earlier ? 'the same invoice and amount were already deducted' : 'no earlier deduction of this invoice and amount';
    } else if (reason === 'pricing') {
      const listPriced = inv !== undefined && inv.unit_price === inv.list_price;
      validity = listPriced ? 'likely_invalid' : 'likely_valid';
      evidence = listPriced ? 'the invoice was priced at the price list' : 'the invoiced price is above the price list';
    }
    return { ...d, reason, validity, evidence, write_off_candidate: d.amount < options.smallLimit, dispute_deadline: addDays(d.received_date, options.disputeDays) };
  });
}

export type WorklistEntry = { customer_id: string; name: string; overdue_amount: number; weighted_days_overdue: number; score: number; action: string; collector: string; account_owner: string };

/** Every customer with an overdue balance after today's cash, highest score first (ties by id). */
export function prioritize(items: readonly OpenItem[], remaining: ReadonlyMap<string, number>, accounts: readonly Account[], deductions: readonly Deduction[], asOf: string): WorklistEntry[] {
  const account = new Map(accounts.map((a) => [a.customer_id, a]));
  const disputed = new Set(deductions.filter((d) => d.validity === 'likely_invalid').map((d) => d.customer_id));
  const customers = [...new Set(items.map((i) => i.customer_id))];
  const scored = customers.flatMap((customer) => {
    const open = items.filter((i) => i.customer_id === customer).map((i) => ({ ...i, left: remaining.get(i.invoice_id) ?? i.open, days: daysBetween(i.due_date, asOf) }));
    const overdue = open.filter((i) => i.days > 0 && i.left > 0);
    const overdueAmount = overdue.reduce((n, i) => n + i.left, 0);
    if (overdueAmount === 0) return [];
    const weighted = overdue.reduce((n, i) => n + i.left * i.days, 0) / overdueAmount;
    const a = account.get(customer);
    const balance = open.reduce((n, i) => n + i.left, 0);
    const sincePromise = a?.last_broken_promise ? daysBetween(a.last_broken_promise, asOf) : -1;
    const promiseBroken = sincePromise >= 0 && sincePromise <= 30;
    const overLimit = !!a && balance > 0.9 * a.credit_limit;
    const raw = (overdueAmount / 100 / 1000) * (1 + weighted / 30) * (promiseBroken ? 1.5 : 1) * (overLimit ? 1.3 : 1) * (disputed.has(customer) ? 1.2 : 1);
    const action = disputed.has(customer) ? 'dispute' : weighted > 90 && a && balance > a.credit_limit ? 'credit_hold_proposal' : weighted > 60 ? 'escalate' : weighted > 30 || promiseBroken ? 'call' : 'reminder';
    return [{ raw, entry: { customer_id: customer, name: a?.name ?? customer, overdue_amount: overdueAmount, weighted_days_overdue: Math.round(weighted * 100) / 100, score: Math.round(raw * 100) / 100, action, collector: a?.collector ?? '(none)', account_owner: a?.account_owner ?? '' } }];
  });
  return scored.sort((x, y) => y.raw - x.raw || x.entry.customer_id.localeCompare(y.entry.customer_id)).map((s) => s.entry);
}
