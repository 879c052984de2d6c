// The receivables ledger as the scripts read it: open invoices, remittance lines, customer accounts
// and trade promotions, from workspace CSVs. Money is kept in integer cents so that sums and the
// "equal within 0.01" matches never drift.
import type { SkillScriptContext } from '../../../src/skills/script';
import { parseCsvInSlices } from '../../../src/skills/slices';

export type OpenItem = { invoice_id: string; customer_id: string; invoice_date: string; due_date: string; amount: number; open: number; unit_price: number; list_price: number };
export type Remittance = { remittance_id: string; customer_id: string; received_date: string; amount: number; reference: string; memo_code: string; memo_text: string };
export type Account = { customer_id: string; name: string; credit_limit: number; collector: string; account_owner: string; last_broken_promise: string };
export type Promotion = { promotion_id: string; customer_id: string; valid_from: string; valid_to: string; max_amount: number };

type Row = Record<string, string | undefined>;

export const cents = (value: string | undefined): number => {
  const n = Number((value ?? '').trim() || 0);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not an amount`);
  return Math.round(n * 100);
};
export const money = (c: number): string => (c / 100).toFixed(2);
export const euros = (c: number): number => Math.round(c) / 100;

const DAY = 86_400_000;
const dayMs = (date: string): number => {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
  return ms;
};
/** Whole days from `from` to `to` (YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((dayMs(to) - dayMs(from)) / DAY);
export const addDays = (date: string, n: number): string => new Date(dayMs(date) + n * DAY).toISOString().slice(0, 10);

async function read(ctx: SkillScriptContext, path: string, columns: readonly string[]): Promise<Row[]> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  const missing = columns.filter((c) => !parsed.fields.includes(c));
  if (missing.length > 0) throw new Error(`"${path}" has no column(s) ${missing.join(', ')}; it has ${parsed.fields.join(', ') || 'no header'}`);
  return parsed.data;
}
const text = (row: Row, column: string) => row[column]?.trim() ?? '';

/** The header of a workspace CSV, for saying what an empty file does have. */
export async function columnsOf(ctx: SkillScriptContext, path: string): Promise<string[]> {
  return (await parseCsvInSlices(await ctx.readArtifact(path))).fields;
}

export async function readOpenItems(ctx: SkillScriptContext, path: string): Promise<OpenItem[]> {
  const rows = await read(ctx, path, ['invoice_id', 'customer_id', 'invoice_date', 'due_date', 'open_amount']);
  return rows.map((r) => ({
    invoice_id: text(r, 'invoice_id'), customer_id: text(r, 'customer_id'), invoice_date: text(r, 'invoice_date'), due_date: text(r, 'due_date'),
    amount: cents(r.amount ?? r.open_amount), open: cents(r.open_amount), unit_price: cents(r.unit_price), list_price: cents(r.list_price),
  }));
}

export async function readRemittances(ctx: SkillScriptContext, path: string): Promise<Remittance[]> {
  const rows = await read(ctx, path, ['remittance_id', 'customer_id', 'received_date', 'amount', 'reference', 'memo_code', 'memo_text']);
  return rows.map((r) => ({ remittance_id: text(r, 'remittance_id'), customer_id: text(r, 'customer_id'), received_date: text(r, 'received_date'), amount: cents(r.amount), reference: text(r, 'reference'), memo_code: text(r, 'memo_code').toUpperCase(), memo_text: text(r, 'memo_text') }));
}

export async function readAccounts(ctx: SkillScriptContext, path: string): Promise<Account[]> {
  const rows = await read(ctx, path, ['customer_id', 'name', 'credit_limit', 'collector']);
  return rows.map((r) => ({ customer_id: text(r, 'customer_id'), name: text(r, 'name'), credit_limit: cents(r.credit_limit), collector: text(r, 'collector'), account_owner: text(r, 'account_owner'), last_broken_promise: text(r, 'last_broken_promise') }));
}

export async function readPromotions(ctx: SkillScriptContext, path: string): Promise<Promotion[]> {
  const rows = await read(ctx, path, ['promotion_id', 'customer_id', 'valid_from', 'valid_to', 'max_amount']);
  return rows.map((r) => ({ promotion_id: text(r, 'promotion_id'), customer_id: text(r, 'customer_id'), valid_from: text(r, 'valid_from'), valid_to: text(r, 'valid_to'), max_amount: cents(r.max_amount) }));
}

export async function readJson<T>(ctx: SkillScriptContext, path: string): Promise<T> {
  return JSON.parse(await ctx.readArtifact(path)) as T;
}

/** "2026-11-02", or today when empty. */
export const asOfDate = (value: string | undefined): string => (value && value.trim() !== '' ? addDays(value.trim(), 0) : new Date().toISOString().slice(0, 10));
