import type { ColumnType } from './schema';

/** What a cell holds once typed: exceljs writes numbers and Dates as such, strings as text. */
export type CellValue = string | number | boolean | Date | null;

/** Excel number formats per column type (the brief's house formats); text keeps Excel's General. */
export const DEFAULT_FORMATS: Record<ColumnType, string | undefined> = {
  text: undefined,
  number: undefined,
  currency: '#,##0.00',
  percent: '0.0%',
  integer: '#,##0',
  date: 'yyyy-mm-dd',
};

/** A value that cannot be read as its column's type; the caller adds the sheet, row and column. */
export class CellTypeError extends Error {
  override name = 'CellTypeError';
  constructor(readonly value: unknown, readonly type: ColumnType) {
    super(`${JSON.stringify(value)} is not a valid ${type}`);
  }
}

/**
 * Types one input value for its column. Values from a CSV arrive as strings, so numbers are
 * parsed (thousands separators and a leading currency sign tolerated), "12.5%" becomes 0.125
 * while a bare 0.125 is already the fraction, and dates are ISO strings. Empty means an empty cell.
 */
export function typedValue(raw: unknown, type: ColumnType): CellValue {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (type === 'text') return typeof raw === 'string' ? raw : String(raw);
  if (type === 'date') return parseDate(raw, type);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new CellTypeError(raw, type);
    return raw;
  }
  if (typeof raw !== 'string') throw new CellTypeError(raw, type);
  const text = raw.trim();
  const isPercent = text.endsWith('%');
  const digits = (isPercent ? text.slice(0, -1) : text).replace(/^([-+]?)[$€£¥]/, '$1').replace(/,(?=\d{3}(\D|$))/g, '');
  // Number('') is 0 and Number('0x10') is 16: only plain decimal notation is accepted.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(digits)) throw new CellTypeError(raw, type);
  const value = Number(digits);
  return type === 'percent' && isPercent ? value / 100 : value;
}

function parseDate(raw: unknown, type: ColumnType): Date {
  // Date-only strings are read as UTC midnight, which exceljs writes as that calendar day.
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw.trim())) throw new CellTypeError(raw, type);
  const text = raw.trim().replace(' ', 'T');
  const date = new Date(text.length === 10 || /Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw new CellTypeError(raw, type);
  return date;
}

const WIDTH_MIN = 8;
const WIDTH_MAX = 60;
/** Estimating from every row of a 50,000-row sheet costs time and changes nothing visible. */
const WIDTH_SAMPLE_ROWS = 2000;

/** A column width in Excel character units: the longest shown text plus padding, capped. */
export function estimateWidth(header: string, values: readonly CellValue[], type: ColumnType): number {
  let longest = header.length;
  for (const value of values.slice(0, WIDTH_SAMPLE_ROWS)) longest = Math.max(longest, shownText(value, type).length);
  return Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, longest + 2));
}

/** Roughly what Excel shows for a value under the type's default format. */
function shownText(value: CellValue, type: ColumnType): string {
  if (value === null) return '';
  if (value instanceof Date) return 'yyyy-mm-dd';
  if (typeof value !== 'number') return String(value);
  const grouped = (n: number, decimals: number) => n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (type === 'currency') return grouped(value, 2);
  if (type === 'integer') return grouped(value, 0);
  if (type === 'percent') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}
