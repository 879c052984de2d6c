// Aging and cash application. Remittance lines are applied in received order against each
// invoice's remaining open amount: by quoted invoice number, else by one invoice of exactly the
// amount, else by two or three invoices that sum to it; what cannot be placed is unapplied cash.
import { daysBetween, type OpenItem, type Remittance } from './ledger';

export const BUCKETS = ['current', '1-30', '31-60', '61-90', 'over 90'] as const;
export function bucketOf(daysPastDue: number): (typeof BUCKETS)[number] {
  return daysPastDue <= 0 ? 'current' : daysPastDue <= 30 ? '1-30' : daysPastDue <= 60 ? '31-60' : daysPastDue <= 90 ? '61-90' : 'over 90';
}

export function aging(items: readonly OpenItem[], asOf: string) {
  const buckets = Object.fromEntries(BUCKETS.map((b) => [b, { invoices: 0, open: 0 }])) as Record<(typeof BUCKETS)[number], { invoices: number; open: number }>;
  for (const item of items) {
    const bucket = buckets[bucketOf(daysBetween(item.due_date, asOf))];
    bucket.invoices++;
    bucket.open += item.open;
  }
  return buckets;
}

export type Application = { remittance_id: string; customer_id: string; method: 'reference' | 'exact_amount' | 'sum_of_invoices' | 'unapplied'; invoices: { invoice_id: string; applied: number }[]; unapplied: number };
export type FoundDeduction = { remittance_id: string; invoice_id: string; customer_id: string; amount: number; memo_code: string; memo_text: string; received_date: string };

const byAge = (a: OpenItem, b: OpenItem) => a.invoice_date.localeCompare(b.invoice_date) || a.invoice_id.localeCompare(b.invoice_id);
const number = (invoiceId: string) => invoiceId.replace(/\D/g, '').replace(/^0+/, '');

/** The remittances received in the `days` days before `asOf`, in the order they are applied. */
export function newRemittances(remittances: readonly Remittance[], asOf: string, days: number): Remittance[] {
  return remittances
    .filter((r) => {
      const ago = daysBetween(r.received_date, asOf);
      return ago >= 1 && ago <= days;
    })
    .sort((a, b) => a.received_date.localeCompare(b.received_date) || a.remittance_id.localeCompare(b.remittance_id));
}

export function applyCash(items: readonly OpenItem[], remittances: readonly Remittance[]) {
  const remaining = new Map(items.map((i) => [i.invoice_id, i.open]));
  const open = (customer: string) => items.filter((i) => i.customer_id === customer && remaining.get(i.invoice_id)! > 0).sort(byAge);
  const applications: Application[] = [];
  const deductions: FoundDeduction[] = [];
  const apply = (r: Remittance, method: Application['method'], invoices: OpenItem[]): Application => {
    let left = r.amount;
    const applied = invoices.map((i) => {
      const amount = Math.min(left, remaining.get(i.invoice_id)!);
      left -= amount;
      remaining.set(i.invoice_id, remaining.get(i.invoice_id)! - amount);
      return { invoice_id: i.invoice_id, applied: amount };
    });
    return { remittance_id: r.remittance_id, customer_id: r.customer_id, method, invoices: applied, unapplied: left };
  };
  for (const r of remittances) {
    const candidates = open(r.customer_id);
    const quoted = new Set((r.reference.match(/\d+/g) ?? []).map((d) => d.replace(/^0+/, '')).filter(Boolean));
    const byReference = candidates.filter((i) => quoted.has(number(i.invoice_id)));
    if (byReference.length > 0) {
      const due = byReference.reduce((n, i) => n + remaining.get(i.invoice_id)!, 0);
      const last = byReference.at(-1)!;
      applications.push(apply(r, 'reference', byReference));
      // Paid short of what the quoted invoices still owe: the customer deducted the difference.
      if (r.amount < due) deductions.push({ remittance_id: r.remittance_id, invoice_id: last.invoice_id, customer_id: r.customer_id, amount: due - r.amount, memo_code: r.memo_code, memo_text: r.memo_text, received_date: r.received_date });
      continue;
    }
    const exact = candidates.find((i) => Math.abs(remaining.get(i.invoice_id)! - r.amount) <= 1);
    if (exact) {
      applications.push(apply(r, 'exact_amount', [exact]));
      continue;
    }
    const combination = sumOf(candidates.map((i) => remaining.get(i.invoice_id)!), r.amount);
    if (combination) {
      applications.push(apply(r, 'sum_of_invoices', combination.map((k) => candidates[k]!)));
      continue;
    }
    applications.push({ remittance_id: r.remittance_id, customer_id: r.customer_id, method: 'unapplied', invoices: [], unapplied: r.amount });
  }
  return { applications, deductions, remaining };
}

/** The first pair, then the first triple, of indexes (in lexicographic order) whose amounts sum to `target` within a cent. */
function sumOf(amounts: readonly number[], target: number): number[] | undefined {
  const n = amounts.length;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (Math.abs(amounts[a]! + amounts[b]! - target) <= 1) return [a, b];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) if (Math.abs(amounts[a]! + amounts[b]! + amounts[c]! - target) <= 1) return [a, b, c];
  return undefined;
}
