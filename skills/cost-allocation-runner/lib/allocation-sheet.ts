/**
 * The workbook's Allocation sheet from whatever columns the author's SQL returned: the period's
 * rows sorted by cost centre then item, every column kept, typed by what it holds (the allocated
 * amount as currency, shares as percentages, other numeric columns as numbers, the rest as text),
 * with a totals row on the allocated amount. The caller has checked that period, cost_center,
 * the item and the allocated columns exist.
 */
export type SheetColumn = { key: string; header: string; type: 'text' | 'number' | 'currency' | 'percent'; format?: string };

const KEYS = ['period', 'cost_center'];
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function allocationSheet(fields: string[], rows: Record<string, string | undefined>[], period: string, itemColumn: string, allocatedColumn: string) {
  const current = rows
    .filter((r) => r.period?.trim() === period)
    .sort((a, b) => (a.cost_center ?? '').localeCompare(b.cost_center ?? '') || (a[itemColumn] ?? '').localeCompare(b[itemColumn] ?? ''));
  // period, cost centre and item first, then the SQL's other columns in its order; the totals
  // label sits in the first column (period), so the allocated amount can always be summed.
  const ordered = [...KEYS, itemColumn, ...fields.filter((f) => !KEYS.includes(f) && f !== itemColumn)];
  const columns: SheetColumn[] = ordered.map((key) => ({ key, header: key, ...columnType(key, current, itemColumn, allocatedColumn) }));
  return { rows: current, fields: ordered, columns, totals: { label: 'Total', sum: [allocatedColumn] } };
}

function columnType(key: string, rows: Record<string, string | undefined>[], itemColumn: string, allocatedColumn: string): Pick<SheetColumn, 'type' | 'format'> {
  if (key === allocatedColumn) return { type: 'currency' };
  if (KEYS.includes(key) || key === itemColumn) return { type: 'text' };
  const values = rows.map((r) => r[key]?.trim() ?? '').filter((v) => v !== '');
  if (values.length === 0 || !values.every((v) => NUMBER.test(v))) return { type: 'text' };
  if (/share|ratio|pct|percent/i.test(key) && values.every((v) => Math.abs(Number(v)) <= 1)) return { type: 'percent', format: '0.00%' };
  if (/amount|cost|allocated|pool/i.test(key)) return { type: 'currency' };
  return { type: 'number' };
}
