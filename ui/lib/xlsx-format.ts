// A workbook cell's value as Excel shows it, under the cell's number format: the subset of format
// codes workbooks here use (and most others do) — sections for positive;negative;zero;text, digit
// placeholders 0 and #, thousands separators, decimals, percent, quoted and escaped literals,
// [$€-407] currency tags, [Red] colours (dropped), dates and times. Pure: no exceljs needed.

/** A cell value as exceljs reads it. */
export type XlsxValue =
  | null
  | undefined
  | number
  | string
  | boolean
  | Date
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { richText: { text: string }[] }
  | { text: string; hyperlink?: string }
  | { error: string };

/** What a formula cell, a rich text or a hyperlink holds, reduced to a plain value. */
export function plainValue(value: unknown): number | string | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return plainValue(v.result);
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/** Splits a format on `;` outside quotes and brackets. */
function sections(format: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '\\' && !quoted) {
      current += c + (format[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '[') bracket = true;
    else if (!quoted && c === ']') bracket = false;
    if (c === ';' && !quoted && !bracket) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

type Token = { literal: string } | { code: string };

/** Literals (quoted, escaped, currency tags, padding) apart from the format code proper; colours and conditions dropped. */
function tokens(section: string): Token[] {
  const out: Token[] = [];
  const push = (t: Token) => {
    const last = out[out.length - 1];
    if (last && 'literal' in t && 'literal' in last) last.literal += t.literal;
    else if (last && 'code' in t && 'code' in last) last.code += t.code;
    else out.push(t);
  };
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    const ampm = /^(am\/pm|a\/p)/i.exec(section.slice(i));
    if (ampm) {
      push({ code: '\u0000' });
      i += ampm[0].length - 1;
    } else if ((c === 'E' || c === 'e') && '+-'.includes(section[i + 1] ?? '')) {
      push({ code: `E${section[i + 1]}` });
      i++;
    } else if (c === '"') {
      const end = section.indexOf('"', i + 1);
      push({ literal: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end;
    } else if (c === '\\') push({ literal: section[++i] ?? '' });
    else if (c === '_') {
      i++;
      push({ literal: ' ' });
    } else if (c === '*') i++;
    else if (c === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? undefined : end);
      const currency = /^\$([^-]*)/.exec(inner);
      if (currency) push({ literal: currency[1]! });
      else if (/^(h+|m+|s+)$/i.test(inner)) push({ code: `[${inner}]` });
      i = end < 0 ? section.length : end;
    } else if ('$-+/():!^&\'~{}<>= '.includes(c)) push({ literal: c });
    else push({ code: c });
  }
  return out;
}

const DATE_CODE = /[ymdhs]/i;
const isDateFormat = (format: string) => {
  const code = tokens(sections(format)[0]!)
    .filter((t): t is { code: string } => 'code' in t)
    .map((t) => t.code)
    .join('');
  return DATE_CODE.test(code) && !/[0#?]/.test(code.replace(/\.0+/, ''));
};

/** An Excel serial day number (1900 system) as a UTC date. */
export function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatDate(date: Date, section: string): string {
  const ampm = /am\/pm|a\/p/i.test(section);
  // Literals and date runs in order; "m" right after an hour or right before seconds means minutes.
  const items = tokens(section).flatMap((part): ({ literal: string } | { run: string })[] =>
    'literal' in part ? [{ literal: part.literal }] : (part.code.replace(/am\/pm|a\/p/gi, '\u0000').match(/(y+|m+|d+|h+|s+|\.0+|\u0000|[^ymdhs.\u0000]+|\.)/gi) ?? []).map((run) => ({ run })),
  );
  const kinds = items.map((it) => ('run' in it && /^[ymdhs]/i.test(it.run) ? it.run[0]!.toLowerCase() : null));
  const hours = date.getUTCHours();
  let out = '';
  items.forEach((item, i) => {
    if ('literal' in item) {
      out += item.literal;
      return;
    }
    const run = item.run;
    const lower = run.toLowerCase();
    const c = lower[0]!;
    const prev = kinds.slice(0, i).reverse().find((k) => k !== null);
    const next = kinds.slice(i + 1).find((k) => k !== null);
    if (run === '\u0000') out += hours < 12 ? 'AM' : 'PM';
    else if (c === 'y') out += lower.length <= 2 ? pad(date.getUTCFullYear() % 100) : String(date.getUTCFullYear());
    else if (c === 'm' && lower.length <= 2 && (prev === 'h' || next === 's')) out += lower.length === 2 ? pad(date.getUTCMinutes()) : String(date.getUTCMinutes());
    else if (c === 'm') {
      const m = date.getUTCMonth();
      out += lower.length === 1 ? String(m + 1) : lower.length === 2 ? pad(m + 1) : lower.length === 3 ? MONTHS[m]!.slice(0, 3) : MONTHS[m]!;
    } else if (c === 'd') {
      const d = date.getUTCDay();
      out += lower.length === 1 ? String(date.getUTCDate()) : lower.length === 2 ? pad(date.getUTCDate()) : lower.length === 3 ? DAYS[d]!.slice(0, 3) : DAYS[d]!;
    } else if (c === 'h') {
      const h = ampm ? hours % 12 || 12 : hours;
      out += lower.length >= 2 ? pad(h) : String(h);
    } else if (c === 's') out += lower.length >= 2 ? pad(date.getUTCSeconds()) : String(date.getUTCSeconds());
    else if (c === '.' && run.length > 1) out += `.${pad(date.getUTCMilliseconds(), 3).slice(0, run.length - 1)}`;
    else out += run;
  });
  return out;
}

/** Excel's General format: integers as they are, other numbers with up to 11 significant digits. */
export function general(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e11) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9)) return n.toExponential(5).replace(/\.?0+e/, 'e').toUpperCase();
  return String(Number(n.toPrecision(11)));
}

function formatNumber(n: number, section: string, signed: boolean): string {
  const parts = tokens(section);
  const code = parts.filter((t): t is { code: string } => 'code' in t).map((t) => t.code).join('');
  if (!/[0#?]/.test(code)) {
    // A section of literals only (e.g. "-" for zero).
    return parts.map((t) => ('literal' in t ? t.literal : t.code.replace(/@/g, ''))).join('');
  }
  const percents = (code.match(/%/g) ?? []).length;
  let value = Math.abs(n) * 100 ** percents;
  if (/[0#?]\s*[eE][+-]/.test(code)) {
    const decimals = (/\.([0#?]+)/.exec(code)?.[1] ?? '').length;
    return (signed && n < 0 ? '-' : '') + value.toExponential(decimals).toUpperCase().replace(/E([+-])(\d)$/, 'E$10$2');
  }
  // Trailing commas after the last digit placeholder scale by 1000 each.
  const scale = /[0#?](,+)(?![0#?])/.exec(code)?.[1]?.length ?? 0;
  value /= 1000 ** scale;
  const [intCode = '', fracCode = ''] = code.split('.');
  const minFrac = (fracCode.match(/0/g) ?? []).length;
  const maxFrac = (fracCode.match(/[0#?]/g) ?? []).length;
  const minInt = (intCode.match(/0/g) ?? []).length;
  const grouping = /[0#?],[0#?]/.test(intCode);
  let digits = value.toLocaleString('en-US', { minimumFractionDigits: minFrac, maximumFractionDigits: maxFrac, useGrouping: grouping });
  if (minInt === 0 && digits.startsWith('0.')) digits = digits.slice(1);
  if (minInt > 1 && !grouping) {
    const [i = '', f] = digits.split('.');
    digits = i.padStart(minInt, '0') + (f !== undefined ? `.${f}` : '');
  }
  const rounded = Number(digits.replace(/[^0-9.]/g, ''));
  let out = '';
  let placed = false;
  for (const part of parts) {
    if ('literal' in part) out += part.literal;
    else {
      // The code run: the number where its first placeholder sits, its own literals (%, spaces) kept.
      const m = /[0#?.,]*[0#?][0#?.,]*/.exec(part.code);
      if (m && !placed) {
        out += part.code.slice(0, m.index).replace(/[@]/g, '') + digits + part.code.slice(m.index + m[0].length).replace(/[,@]/g, '');
        placed = true;
      } else out += part.code.replace(/[0#?,@]/g, '');
    }
  }
  return (signed && n < 0 && rounded !== 0 ? '-' : '') + out;
}

/** The text Excel shows for `value` under `numFmt` (General when there is none). */
export function formatCell(value: unknown, numFmt?: string | null): string {
  const v = plainValue(value);
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const format = numFmt && numFmt.toLowerCase() !== 'general' ? numFmt : undefined;
  if (typeof v === 'string') {
    const text = format ? sections(format)[3] : undefined;
    return text ? tokens(text).map((t) => ('literal' in t ? t.literal : t.code.replace(/@/g, v))).join('') : v;
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return formatDate(v, format && isDateFormat(format) ? sections(format)[0]! : v.getUTCHours() || v.getUTCMinutes() ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd');
  }
  if (!format) return general(v);
  if (isDateFormat(format)) return formatDate(serialToDate(v), sections(format)[0]!);
  const all = sections(format);
  if (all.length === 1) return formatNumber(v, all[0]!, true);
  if (v === 0 && all.length >= 3 && all[2] !== '') return formatNumber(v, all[2]!, false);
  if (v < 0) return formatNumber(v, all[1]!, false);
  return formatNumber(v, all[0]!, false);
}

/** Numbers and dates align right, as in Excel; text left. */
export function isNumeric(value: unknown): boolean {
  const v = plainValue(value);
  return typeof v === 'number' || v instanceof Date;
}
