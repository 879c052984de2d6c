// The collections ground truth (ground-truth/collections.json), computed from the receivables rows
// exactly as they are written to the CSVs (strings), with integer cents so no float drift creeps in.
// The collections skill implements the same rules; this file is their reference definition:
//
// - AS_OF is 2026-11-02. Days past due (dpd) = AS_OF - due_date in whole days. Aging buckets, over the
//   open items as exported (before today's cash application): current (dpd <= 0), 1-30, 31-60, 61-90, over 90.
// - New remittances: received_date in WINDOW (the 7 days before AS_OF, both ends inclusive). Older
//   lines are already applied in the ERP (open_amount reflects them) and are ignored.
// - Cash application, one new remittance at a time in received_date then remittance_id order. Every
//   invoice has a remaining amount, starting at open_amount and reduced by cash applied today (a
//   deduction does not reduce it). An invoice with nothing remaining takes no cash. Only invoices of
//   the remittance's own customer are considered. First rule that finds invoices wins:
//   1. reference: every run of digits in `reference`, leading zeros stripped, is compared with the
//      invoice_id's digits without leading zeros. The quoted invoices, oldest first (invoice_date, then
//      invoice_id), each take min(remaining, cash left) until the cash is used up. Cash beyond their
//      remaining is unapplied. If the cash is less than their total remaining, the shortfall
//      (total remaining - amount) is one deduction on the LAST quoted invoice.
//   2. exact_amount: the oldest invoice whose remaining equals the amount within 0.01 takes it.
//   3. sum_of_invoices: the customer's invoices with a remaining amount, oldest first; the first pair, then
//      the first triple, in lexicographic index order whose remaining amounts sum to the amount within
//      0.01; each takes its remaining.
//   4. unapplied: nothing is applied.
//   `invoices` of an application lists, in application order, every quoted invoice of a reference match
//   (one may take 0.00 when the cash ran out before it) and the invoices an amount match paid.
// - Deduction reason: memo_code PRM promotion, PRC pricing, SHT shortage, DMG damaged, CMP compliance,
//   DUP duplicate, UNA unauthorised; without a code, the first keyword group (in this order, case-
//   insensitive substring) found in memo_text; otherwise unauthorised.
// - Validity: promotion is likely_valid when one of the customer's trade promotions has valid_from <=
//   invoice_date <= valid_to and max_amount >= the deduction, else likely_invalid. duplicate is
//   likely_invalid when an earlier deduction of today (processing order) has the same invoice and amount,
//   else needs_evidence. pricing is likely_invalid when unit_price = list_price, else likely_valid.
//   Everything else needs_evidence. Write-off candidate: amount < 50.00. Dispute deadline: received + 30 days.
// - Worklist, after today's cash application: every customer with an overdue invoice (dpd > 0, remaining
//   > 0). overdue_amount = their remaining; weighted_days_overdue = the remaining-weighted mean dpd;
//   score = overdue_amount / 1000 * (1 + weighted / 30) * 1.5 if last_broken_promise is 1-30 days before
//   AS_OF * 1.3 if the remaining balance of all its invoices > 0.9 * credit_limit * 1.2 if it has a
//   likely_invalid deduction today. Ordered by the unrounded score desc, then customer_id. Action, first
//   that applies: dispute (likely_invalid deduction), credit_hold_proposal (weighted > 90 and balance >
//   credit_limit), escalate (weighted > 60), call (weighted > 30 or the broken promise), else reminder.

export const AS_OF = '2026-11-02';
export const WINDOW = { from: '2026-10-26', to: '2026-11-01' };
export const BUCKETS = ['current', '1-30', '31-60', '61-90', 'over 90'];
export const REASON_BY_CODE = { PRM: 'promotion', PRC: 'pricing', SHT: 'shortage', DMG: 'damaged', CMP: 'compliance', DUP: 'duplicate', UNA: 'unauthorised' };
const KEYWORDS = [
  [/promo|allowance/i, 'promotion'], [/price|pricing/i, 'pricing'], [/short|missing/i, 'shortage'],
  [/damage|broken/i, 'damaged'], [/compliance|chargeback|label/i, 'compliance'], [/duplicate|twice/i, 'duplicate'],
];
const WRITE_OFF_BELOW = 50_00;
const DISPUTE_DAYS = 30;
const DAY = 86_400_000;

export const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
export const isoDay = (n) => new Date(n * DAY).toISOString().slice(0, 10);
/** "1234.5" / "1234.56" / "1234" -> cents, without going through a float. */
export const cents = (s) => {
  const [whole, frac = ''] = String(s).split('.');
  return Number(whole) * 100 + Number(`${frac}00`.slice(0, 2));
};
/** Cents as a plain decimal string with two places. */
export const money = (c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
export const bucketOf = (dpd) => (dpd <= 0 ? 'current' : dpd <= 30 ? '1-30' : dpd <= 60 ? '31-60' : dpd <= 90 ? '61-90' : 'over 90');
const number = (digits) => digits.replace(/^0+/, '');
export const reasonOf = (code, text) => REASON_BY_CODE[code] ?? KEYWORDS.find(([re]) => re.test(text))?.[1] ?? 'unauthorised';
const eur = (c) => c / 100;
const round2 = (x) => Math.round(x * 100) / 100;
const older = (a, b) => (a.row.invoice_date < b.row.invoice_date ? -1 : a.row.invoice_date > b.row.invoice_date ? 1 : a.row.invoice_id < b.row.invoice_id ? -1 : 1);

export function collectionsTruth({ invoices, remittances, accounts, promotions }) {
  const asOf = dayNo(AS_OF);
  const open = invoices.map((row) => ({ row, dpd: asOf - dayNo(row.due_date), remaining: cents(row.open_amount) }));
  const byCustomer = new Map();
  for (const i of [...open].sort(older)) byCustomer.set(i.row.customer_id, [...(byCustomer.get(i.row.customer_id) ?? []), i]);

  const aging = Object.fromEntries(BUCKETS.map((b) => [b, { invoices: 0, cents: 0 }]));
  for (const i of open) aging[bucketOf(i.dpd)].invoices++, aging[bucketOf(i.dpd)].cents += i.remaining;

  const fresh = remittances.filter((m) => m.received_date >= WINDOW.from && m.received_date <= WINDOW.to)
    .sort((a, b) => (a.received_date < b.received_date ? -1 : a.received_date > b.received_date ? 1 : a.remittance_id < b.remittance_id ? -1 : 1));
  const applications = [];
  const deductions = [];
  for (const m of fresh) {
    const own = (byCustomer.get(m.customer_id) ?? []).filter((i) => i.remaining > 0);
    const amount = cents(m.amount);
    let left = amount;
    const taken = [];
    const take = (i, c) => {
      taken.push({ invoice_id: i.row.invoice_id, cents: c });
      i.remaining -= c;
      left -= c;
    };
    const quoted = new Set((m.reference.match(/\d+/g) ?? []).map(number).filter(Boolean));
    const refs = own.filter((i) => quoted.has(number(i.row.invoice_id.replace(/\D/g, ''))));
    let method = 'unapplied';
    if (refs.length > 0) {
      method = 'reference';
      const total = refs.reduce((s, i) => s + i.remaining, 0);
      const last = refs[refs.length - 1];
      for (const i of refs) take(i, Math.min(i.remaining, left));
      if (amount < total) deductions.push(deduction(m, last, total - amount, deductions, promotions));
    } else {
      const exact = own.find((i) => Math.abs(i.remaining - amount) <= 1);
      const combo = exact ? null : combination(own, amount);
      if (exact) method = 'exact_amount', take(exact, Math.min(exact.remaining, left));
      else if (combo) method = 'sum_of_invoices', combo.forEach((i) => take(i, Math.min(i.remaining, left)));
    }
    applications.push({ remittance_id: m.remittance_id, method, taken, left });
  }

  const invalid = new Set(deductions.filter((d) => d.validity === 'likely_invalid').map((d) => d.customer_id));
  const worklist = [];
  for (const a of [...accounts].sort((x, y) => (x.customer_id < y.customer_id ? -1 : 1))) {
    const mine = byCustomer.get(a.customer_id) ?? [];
    const overdue = mine.filter((i) => i.dpd > 0 && i.remaining > 0);
    if (overdue.length === 0) continue;
    const overdueCents = overdue.reduce((s, i) => s + i.remaining, 0);
    const weighted = overdue.reduce((s, i) => s + i.remaining * i.dpd, 0) / overdueCents;
    const balance = mine.reduce((s, i) => s + i.remaining, 0);
    const limit = cents(a.credit_limit);
    const since = a.last_broken_promise ? asOf - dayNo(a.last_broken_promise) : null;
    const broken = since !== null && since >= 1 && since <= 30;
    const raw = (overdueCents / 100 / 1000) * (1 + weighted / 30) * (broken ? 1.5 : 1) * (balance * 10 > limit * 9 ? 1.3 : 1) * (invalid.has(a.customer_id) ? 1.2 : 1);
    const action = invalid.has(a.customer_id) ? 'dispute' : weighted > 90 && balance > limit ? 'credit_hold_proposal'
      : weighted > 60 ? 'escalate' : weighted > 30 || broken ? 'call' : 'reminder';
    worklist.push({ raw, entry: { customer_id: a.customer_id, overdue_amount: eur(overdueCents), weighted_days_overdue: round2(weighted), score: round2(raw), action, collector: a.collector } });
  }
  worklist.sort((x, y) => y.raw - x.raw || (x.entry.customer_id < y.entry.customer_id ? -1 : 1));

  const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
  const totals = {
    remitted: eur(sum(fresh, (m) => cents(m.amount))),
    applied: eur(sum(applications, (a) => sum(a.taken, (t) => t.cents))),
    unapplied: eur(sum(applications, (a) => a.left)),
    deducted: eur(sum(deductions, (d) => d.cents)),
  };
  return {
    as_of: AS_OF,
    new_remittance_window: WINDOW,
    aging: Object.fromEntries(BUCKETS.map((b) => [b, { invoices: aging[b].invoices, open_amount: eur(aging[b].cents) }])),
    applications: applications.map((a) => ({
      remittance_id: a.remittance_id, method: a.method, invoices: a.taken.map((t) => ({ invoice_id: t.invoice_id, applied: eur(t.cents) })), unapplied: eur(a.left),
    })),
    deductions: deductions.map((d) => ({
      remittance_id: d.remittance_id, invoice_id: d.invoice_id, customer_id: d.customer_id, amount: eur(d.cents),
      reason: d.reason, validity: d.validity, write_off_candidate: d.cents < WRITE_OFF_BELOW, dispute_deadline: d.dispute_deadline,
    })),
    totals,
    worklist: worklist.map((w) => w.entry),
  };
}

function deduction(m, invoice, c, earlier, promotions) {
  const row = invoice.row;
  const reason = reasonOf(m.memo_code, m.memo_text);
  let validity = 'needs_evidence';
  if (reason === 'promotion') {
    const covered = promotions.some((p) => p.customer_id === m.customer_id && p.valid_from <= row.invoice_date && row.invoice_date <= p.valid_to && c <= cents(p.max_amount));
    validity = covered ? 'likely_valid' : 'likely_invalid';
  } else if (reason === 'duplicate') {
    if (earlier.some((d) => d.invoice_id === row.invoice_id && d.cents === c)) validity = 'likely_invalid';
  } else if (reason === 'pricing') {
    validity = cents(row.unit_price) === cents(row.list_price) ? 'likely_invalid' : 'likely_valid';
  }
  return { remittance_id: m.remittance_id, invoice_id: row.invoice_id, customer_id: m.customer_id, cents: c, reason, validity, dispute_deadline: isoDay(dayNo(m.received_date) + DISPUTE_DAYS) };
}

/** The first pair, then the first triple (lexicographic index order) whose remaining sums to the amount ± 1 cent. */
function combination(own, amount) {
  const n = own.length;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (Math.abs(own[a].remaining + own[b].remaining - amount) <= 1) return [own[a], own[b]];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) {
    if (Math.abs(own[a].remaining + own[b].remaining + own[c].remaining - amount) <= 1) return [own[a], own[b], own[c]];
  }
  return null;
}
