import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import type { SkillScriptContext } from '../../../src/skills/script';
import { questions, type Variance } from '../lib/questions';

/** Writes only into the run workspace (variances.csv): still a computation, not an outside write. */
export const risk = 'compute';

export const description =
  'Compare a per-item amount (allocated cost, margin, ...) between a current and a prior period from a CSV in the run workspace; ' +
  'flag items whose change exceeds threshold_pct (default 5 %), new items (no prior amount) and dropped items; write the ' +
  'comparison as CSV and return the flagged items with amounts and percentages plus ready-made kbagent.human_in_loop questions ' +
  '(radio per item, multi, or grid: a row per item with a comment each; none when nothing is flagged). flagged_as also writes them as JSON.';

export { CLASSIFICATIONS } from '../lib/questions';

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of a CSV with a period column, the item column and the value column; rows are summed per item and period'),
  current_period: z.string().min(1).max(32),
  prior_period: z.string().min(1).max(32),
  item_column: z.string().min(1).max(256).default('product_id'),
  name_column: z.string().min(1).max(256).optional().describe('Column with the item\'s name, shown next to its id in the questions. Default: <item>_name (product_name for product_id) or name, when the CSV has one'),
  value_column: z.string().min(1).max(256).optional().describe('Default: allocated_amount, else allocated'),
  period_column: z.string().min(1).max(256).default('period'),
  threshold_pct: z.number().min(0).max(10_000).default(5).describe('Flag items whose |change %| is above this'),
  save_as: z.string().min(1).max(512).default('variances.csv').describe('Workspace path of the comparison CSV (all items)'),
  question: z.enum(['multi', 'radio', 'grid']).default('radio').describe('radio: one question per flagged item; multi: one question listing every item; grid: one question with a row per item, one class and an optional comment each'),
  flagged_as: z.string().min(1).max(512).optional().describe('Workspace path for the flagged items and the classification question as JSON (for example variances/flagged.json)'),
});

type Input = z.infer<typeof args>;
export type { Variance } from '../lib/questions';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

export async function run(input: Input, ctx: SkillScriptContext) {
  const text = await ctx.readArtifact(input.artifact);
  if (text.length > MAX_CSV_BYTES) throw new Error(`"${input.artifact}" is larger than ${MAX_CSV_BYTES} bytes; aggregate it with SQL first`);
  const parsed = Papa.parse<Record<string, string | undefined>>(text, { header: true, skipEmptyLines: 'greedy' });
  const fields = parsed.meta.fields ?? [];
  const valueColumn = input.value_column ?? (fields.includes('allocated_amount') ? 'allocated_amount' : 'allocated');
  const nameColumn = input.name_column ?? [`${input.item_column.replace(/_?id$/i, '')}_name`, 'name'].find((c) => fields.includes(c));
  const missing = [input.period_column, input.item_column, valueColumn, ...(input.name_column ? [input.name_column] : [])].filter((c) => !fields.includes(c));
  if (missing.length > 0) throw new Error(`"${input.artifact}" has no column(s) ${missing.join(', ')}; it has ${fields.join(', ') || 'no header'}`);
  const names = new Map<string, string>();

  const prior = new Map<string, number>();
  const current = new Map<string, number>();
  parsed.data.forEach((row, i) => {
    const period = row[input.period_column]?.trim();
    const target = period === input.current_period ? current : period === input.prior_period ? prior : undefined;
    if (!target) return;
    const raw = row[valueColumn]?.trim() ?? '';
    const value = raw === '' ? 0 : Number(raw);
    if (!Number.isFinite(value)) throw new Error(`"${input.artifact}" row ${i + 1}: ${valueColumn} "${raw}" is not a number`);
    const item = row[input.item_column]?.trim() ?? '';
    target.set(item, (target.get(item) ?? 0) + value);
    const name = nameColumn ? row[nameColumn]?.trim() : undefined;
    if (name && !names.has(item)) names.set(item, name);
  });
  // A missing period is almost always a wrong period, not "no variances": name the ones that exist.
  const present = () => [...new Set(parsed.data.map((row) => row[input.period_column]?.trim()).filter(Boolean))].sort().join(', ') || 'none';
  if (current.size === 0) throw new Error(`"${input.artifact}" has no rows for the current period ${input.current_period}; periods present: ${present()}`);
  if (prior.size === 0) throw new Error(`"${input.artifact}" has no rows for the prior period ${input.prior_period}; periods present: ${present()}`);

  const items = [...new Set([...prior.keys(), ...current.keys()])].sort();
  const all = items.map((item) => ({ ...compare(item, prior.get(item) ?? 0, current.get(item) ?? 0, input.threshold_pct), ...(names.has(item) ? { name: names.get(item) } : {}) }));
  const flagged = all.filter((v) => v.flagged).sort((a, b) => Math.abs(b.change) - Math.abs(a.change));

  const csv = Papa.unparse(
    all.map((v) => ({ [input.item_column]: v.item, ...(nameColumn ? { [nameColumn]: v.name ?? '' } : {}), prior: v.prior.toFixed(2), current: v.current.toFixed(2), change: v.change.toFixed(2), change_pct: v.change_pct === null ? '' : v.change_pct.toFixed(2), status: v.status, flagged: v.flagged ? 'yes' : 'no' })),
    { newline: '\n' },
  );
  const written = await ctx.writeArtifact(input.save_as, csv, 'text/csv; charset=utf-8');
  ctx.emit('artifact', { step_id: ctx.step_id, ...written });

  const result = {
    current_period: input.current_period,
    prior_period: input.prior_period,
    threshold_pct: input.threshold_pct,
    item_column: input.item_column,
    value_column: valueColumn,
    items: all.length,
    flagged,
    saved_as: written.path,
    questions: questions(flagged, input, input.question),
  };
  if (input.flagged_as) {
    const saved = await ctx.writeArtifact(input.flagged_as, JSON.stringify(result, null, 2), 'application/json');
    ctx.emit('artifact', { step_id: ctx.step_id, ...saved });
  }
  return result;
}

function compare(item: string, prior: number, current: number, threshold: number): Variance {
  const change = round2(current - prior);
  // Compared in cents so a zero that went through float sums is still zero.
  const p = round2(prior);
  const c = round2(current);
  if (p === 0 && c === 0) return { item, prior: p, current: c, change, change_pct: null, status: 'unchanged', flagged: false };
  if (p === 0) return { item, prior: p, current: c, change, change_pct: null, status: 'new', flagged: true };
  if (c === 0) return { item, prior: p, current: c, change, change_pct: -100, status: 'dropped', flagged: true };
  const pct = round2(((current - prior) / Math.abs(prior)) * 100);
  const flagged = Math.abs(((current - prior) / Math.abs(prior)) * 100) > threshold;
  return { item, prior: p, current: c, change, change_pct: pct, status: pct === 0 ? 'unchanged' : 'changed', flagged };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
