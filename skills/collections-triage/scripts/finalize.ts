import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import type { SkillScriptContext } from '../../../src/skills/script';
import { daysBetween, money, readJson, readOpenItems } from '../lib/ledger';
import type { Deduction } from '../lib/triage';

export const risk = 'compute';

const ACTIONS = ['reminder', 'call', 'escalate', 'dispute', 'credit_hold_proposal'];

export const description =
  'Apply the collections lead\'s review to the worklist: approve, approve with changes ("remove <customer id>", "<customer ' +
  'id>: <action>" per line) or hold. Writes ar/review.json and ar/worklist-approved.csv and returns the writes and the ' +
  'Slack digest to send (none when held), so later steps pass them on as they are. The digest names customers and ids only, ' +
  'and says when no remittance was received in the window (no cash applied). With `drafts` (a JSON file a model wrote, ' +
  'e.g. ar/drafts.json: {"<customer id>": "<message>"}), each approved customer\'s draft follows its line in the digest, its ' +
  'placeholders {name}, {customer_id}, {overdue}, {days}, {action}, {collector} and {invoices} filled from the worklist and the ' +
  'open items; a draft that writes any digit itself, or a missing or empty file, adds nothing.';

/** The placeholders a draft may use; every figure and id in a draft comes from them. */
const DRAFT_PLACEHOLDERS = ['name', 'customer_id', 'overdue', 'days', 'action', 'collector', 'invoices'] as const;
const MAX_DRAFT = 600;
const CONTACT = [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, /https?:\/\/\S+/g];

export const args = z.strictObject({
  worklist: z.string().min(1).max(512).default('ar/worklist.csv'),
  deductions: z.string().min(1).max(512).default('ar/deductions.json'),
  deductions_log: z.string().min(1).max(512).default('ar/deductions_log.csv'),
  cash_application: z.string().min(1).max(512).default('ar/cash-application.json'),
  answer: z.enum(['approve', 'approve_with_changes', 'hold']),
  changes: z.string().max(4000).optional(),
  answered_by: z.string().max(200).default(''),
  drafts: z.string().max(512).default('').describe('Workspace path of the drafted message per customer (ar/drafts.json); missing or empty: none'),
  open_after_cash: z.string().min(1).max(512).default('ar/open_after_cash.csv').describe('The open items after cash, for a draft\'s {invoices}'),
  target_bucket: z.string().regex(/^(in|out)\.c-[A-Za-z0-9_-]{1,96}$/),
  slack_channel: z.string().min(1).max(81),
  output_dir: z.string().min(1).max(256).default('ar'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const dir = input.output_dir.replace(/\/+$/, '');
  const parsed = Papa.parse<Record<string, string>>(await ctx.readArtifact(input.worklist), { header: true, skipEmptyLines: 'greedy' });
  let rows = parsed.data;
  const applied: string[] = [];
  if (input.answer === 'approve_with_changes') {
    if (!input.changes?.trim()) throw new Error('"Approve with changes" was chosen without changes; write them one per line');
    for (const line of input.changes.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const remove = /^remove\s+(\S+)$/i.exec(line);
      const change = /^(\S+?)\s*:\s*(\S+)$/.exec(line);
      const id = remove?.[1] ?? change?.[1];
      if (!id || !rows.some((r) => r.customer_id === id)) throw new Error(`cannot apply "${line}": write "remove <customer id>" or "<customer id>: <action>" with a customer on the worklist (${rows.map((r) => r.customer_id).join(', ')})`);
      if (remove) rows = rows.filter((r) => r.customer_id !== id);
      else if (!ACTIONS.includes(change![2]!)) throw new Error(`cannot apply "${line}": the action must be one of ${ACTIONS.join(', ')}`);
      else rows = rows.map((r) => (r.customer_id === id ? { ...r, action: change![2]! } : r));
      applied.push(line);
    }
  }
  const held = input.answer === 'hold';
  const files = { review: `${dir}/review.json`, approved: `${dir}/worklist-approved.csv` };
  await ctx.writeArtifact(files.review, JSON.stringify({ decision: input.answer, changes: applied, decided_by: input.answered_by, customers: held ? 0 : rows.length }, null, 2), 'application/json');
  if (held) return { decision: input.answer, held: true, customers: 0, writes: [], messages: [], files };
  await ctx.writeArtifact(files.approved, Papa.unparse({ fields: parsed.meta.fields ?? [], data: rows }, { newline: '\n' }) + '\n', 'text/csv');
  const { as_of: asOf, deductions } = await readJson<{ as_of: string; deductions: (Deduction & { amount: number })[] }>(ctx, input.deductions);
  const cash = await readJson<{ no_remittances?: boolean; window?: { from: string; to: string } }>(ctx, input.cash_application);
  const drafted = await drafts(ctx, input, rows, asOf);
  return {
    decision: input.answer,
    held: false,
    customers: rows.length,
    changes: applied,
    // Incremental loads keyed as the blueprint says: a rerun of the same day replaces its own rows.
    writes: [
      { table_id: `${input.target_bucket}.collections_worklist`, artifact: files.approved, incremental: true, primary_key: ['as_of_date', 'customer_id'] },
      ...(deductions.length > 0 ? [{ table_id: `${input.target_bucket}.deductions_log`, artifact: input.deductions_log, incremental: true, primary_key: ['remittance_id', 'invoice_id'] }] : []),
    ],
    messages: [{ channel: input.slack_channel, text: digest(asOf, rows, deductions, cash.no_remittances ? cash.window : undefined, drafted?.texts) }],
    ...(drafted ? { drafts: { included: Object.keys(drafted.texts).sort(), refused: drafted.refused, ...(drafted.error ? { error: drafted.error } : {}) } } : {}),
    files,
  };
}

/**
 * The drafts a model wrote, one per customer still on the approved worklist, with their
 * placeholders filled from the scripts' figures. A draft holding a digit of its own is refused:
 * amounts, days and invoice ids reach the digest only through the placeholders.
 */
async function drafts(ctx: SkillScriptContext, input: z.infer<typeof args>, rows: readonly Record<string, string>[], asOf: string): Promise<{ texts: Record<string, string>; refused: string[]; error?: string } | undefined> {
  const raw = input.drafts ? (await ctx.readArtifact(input.drafts).catch(() => '')).trim() : '';
  if (!raw) return undefined;
  // Unreadable drafts leave the digest as the scripts write it, and say why.
  const unusable = { texts: {}, refused: [], error: `"${input.drafts}" is not a JSON object {"<customer id>": "<message>", ...}: no drafts in the digest` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return unusable;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return unusable;
  const wanted = Object.entries(parsed as Record<string, unknown>).filter(([id, text]) => typeof text === 'string' && text.trim() && rows.some((r) => r.customer_id === id));
  const items = wanted.some(([, text]) => (text as string).includes('{invoices}')) ? await readOpenItems(ctx, input.open_after_cash) : [];
  const texts: Record<string, string> = {};
  const refused: string[] = [];
  for (const [id, text] of wanted) {
    let draft = (text as string).replace(/\s+/g, ' ').trim();
    for (const pattern of CONTACT) draft = draft.replace(pattern, '');
    if (/\d/.test(draft.replace(/\{[a-z_]+\}/g, ''))) {
      refused.push(id);
      continue;
    }
    const row = rows.find((r) => r.customer_id === id)!;
    const overdueInvoices = items
      .filter((i) => i.customer_id === id && i.open > 0 && daysBetween(i.due_date, asOf) > 0)
      .sort((a, b) => a.due_date.localeCompare(b.due_date) || a.invoice_id.localeCompare(b.invoice_id))
      .map((i) => `${i.invoice_id} (${money(i.open)})`);
    const values: Record<(typeof DRAFT_PLACEHOLDERS)[number], string> = {
      name: row.name ?? id, customer_id: id, overdue: row.overdue_amount ?? '', days: row.weighted_days_overdue ?? '', action: row.action ?? '', collector: row.collector ?? '', invoices: overdueInvoices.join(', '),
    };
    draft = draft.replace(/\{([a-z_]+)\}/g, (whole, key: string) => (key in values ? values[key as keyof typeof values] : whole));
    texts[id] = draft.length > MAX_DRAFT ? `${draft.slice(0, MAX_DRAFT - 1).trimEnd()}…` : draft;
  }
  return { texts, refused: refused.sort() };
}

function digest(asOf: string, rows: readonly Record<string, string>[], deductions: readonly (Deduction & { amount: number })[], noRemittances?: { from: string; to: string }, drafts: Record<string, string> = {}): string {
  const overdue = rows.reduce((n, r) => n + Number(r.overdue_amount), 0);
  const invalid = deductions.filter((d) => d.validity === 'likely_invalid');
  const lines = [
    `*Collections ${asOf}*: ${rows.length} accounts to chase, ${overdue.toFixed(2)} overdue; ${deductions.length} deductions (${deductions.reduce((n, d) => n + d.amount, 0).toFixed(2)}), ${invalid.length} likely invalid.`,
  ];
  if (noRemittances) lines.push(`No remittances received from ${noRemittances.from} to ${noRemittances.to}: no cash was applied.`);
  for (const collector of [...new Set(rows.map((r) => r.collector!))].sort()) {
    lines.push('', `*${collector}*`);
    for (const r of rows.filter((x) => x.collector === collector)) {
      lines.push(`• ${r.name} (${r.customer_id}): ${r.overdue_amount} overdue, ${r.weighted_days_overdue} days → ${r.action}`);
      if (drafts[r.customer_id!]) lines.push(`   Draft: ${drafts[r.customer_id!]}`);
    }
  }
  if (invalid.length > 0) lines.push('', '*Deductions to dispute*', ...invalid.map((d) => `• ${d.customer_id} ${d.invoice_id}: ${d.amount.toFixed(2)} ${d.reason}, by ${d.dispute_deadline}`));
  return lines.join('\n');
}
