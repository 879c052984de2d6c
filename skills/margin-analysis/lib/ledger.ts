// The exported ERP tables as the scripts read them: sales lines (one invoice line each; a negative
// quantity is a return) and standard costs (a unit cost per SKU valid from a date until the next
// row of the SKU).
import type { SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, parseCsvInSlices } from '../../../src/skills/slices';
import { number } from '../../kpi-calculation/lib/table';
import { isoWeek } from '../../kpi-calculation/lib/periods';

export type SalesLine = {
  line_id: string;
  invoice_id: string;
  invoice_date: string;
  week: string;
  sku: string;
  product_name: string;
  category: string;
  customer_id: string;
  customer_name: string;
  region: string;
  channel: string;
  quantity: number;
  unit_price: number;
  revenue: number;
};
export type UnitCost = { valid_from: string; unit_cost: number };

type Row = Record<string, string | undefined>;

async function read(ctx: SkillScriptContext, path: string, required: readonly string[]): Promise<Row[]> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  const missing = required.filter((c) => !parsed.fields.includes(c));
  if (missing.length > 0) throw new Error(`"${path}" has no column(s) ${missing.join(', ')}; it has ${parsed.fields.join(', ') || 'no header'}`);
  return parsed.data;
}
const text = (row: Row, column: string) => row[column]?.trim() ?? '';
function date(row: Row, column: string, where: () => string): string {
  const value = text(row, column);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(Date.parse(value.slice(0, 10)))) throw new Error(`${where()}: ${column} "${value}" is not a date (YYYY-MM-DD)`);
  return value.slice(0, 10);
}

export async function readSalesLines(ctx: SkillScriptContext, path: string): Promise<SalesLine[]> {
  const rows = await read(ctx, path, ['line_id', 'invoice_date', 'sku', 'customer_id', 'quantity', 'unit_price', 'net_revenue']);
  return mapInSlices(rows, (r, i) => {
    const where = () => `"${path}" row ${i + 1} (line ${text(r, 'line_id') || '?'})`;
    const invoiceDate = date(r, 'invoice_date', where);
    return {
      line_id: text(r, 'line_id'), invoice_id: text(r, 'invoice_id'), invoice_date: invoiceDate, week: isoWeek(invoiceDate),
      sku: text(r, 'sku'), product_name: text(r, 'product_name'), category: text(r, 'category'),
      customer_id: text(r, 'customer_id'), customer_name: text(r, 'customer_name'), region: text(r, 'region'), channel: text(r, 'channel'),
      quantity: number(r.quantity, () => `${where()}, quantity`),
      unit_price: number(r.unit_price, () => `${where()}, unit_price`),
      revenue: number(r.net_revenue, () => `${where()}, net_revenue`),
    };
  });
}

/** Each SKU's cost rows, oldest first; of two rows with one valid_from the later row in the file counts. */
export async function readStandardCosts(ctx: SkillScriptContext, path: string): Promise<Map<string, UnitCost[]>> {
  const rows = await read(ctx, path, ['sku', 'valid_from', 'unit_cost']);
  const bySku = new Map<string, UnitCost[]>();
  rows.forEach((r, i) => {
    const where = () => `"${path}" row ${i + 1}`;
    const entry = { valid_from: date(r, 'valid_from', where), unit_cost: number(r.unit_cost, () => `${where()}, unit_cost`) };
    const list = bySku.get(text(r, 'sku'));
    if (list) list.push(entry);
    else bySku.set(text(r, 'sku'), [entry]);
  });
  // A stable sort keeps file order among equal dates, so the later row is found last.
  for (const list of bySku.values()) list.sort((a, b) => a.valid_from.localeCompare(b.valid_from));
  return bySku;
}

/** The unit cost valid on a date: the latest row with valid_from on or before it; null when none is. */
export function costOn(costs: readonly UnitCost[] | undefined, date: string): number | null {
  if (!costs) return null;
  let low = 0;
  let high = costs.length;
  // The first row valid after the date; the one before it applies.
  while (low < high) {
    const mid = (low + high) >> 1;
    if (costs[mid]!.valid_from <= date) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? null : costs[low - 1]!.unit_cost;
}
