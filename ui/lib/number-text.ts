// Numbers inside text a skill wrote ("prior 12345.6, change -2895.5"), made readable: thousands
// separators, and two decimals for amounts (numbers with a fraction). Dates, times, ids (P-1012,
// 2025-Q1, 08:00, v1.2) and short integers such as years are left as they are.
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const amount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const NUMBER = /(?<![\w.\/:-])([+-]?)(\d+)(?:\.(\d+))?(?![\w\/:-]|\.\d)/g;

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? grouped.format(value) : amount.format(value);
}

export function formatNumbersInText(text: string): string {
  return text.replace(NUMBER, (whole, sign: string, int: string, frac: string | undefined) => {
    if (frac === undefined && int.length < 5) return whole;
    const n = Number(`${int}${frac === undefined ? '' : `.${frac}`}`);
    const body = frac === undefined ? grouped.format(n) : amount.format(n);
    return `${sign === '-' ? '−' : sign}${body}`;
  });
}

/** A grid row as a table shows it: its name (the row's value, or the label's lead "name: …") and the rest. */
export function rowParts(row: { value: string; label: string; detail?: string | undefined }): { name: string; facts: string } {
  const label = row.label.trim();
  const lead = `${row.value}:`;
  if (label.startsWith(lead)) return { name: row.value, facts: formatNumbersInText([label.slice(lead.length).trim(), row.detail ?? ''].filter(Boolean).join(' · ')) };
  return { name: label || row.value, facts: formatNumbersInText(row.detail ?? '') };
}
