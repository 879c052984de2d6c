// RFC 4180 CSV writing for the resolver's tables (comparison forms for the SQL workspace,
// golden records, cluster map): quote a field only when it holds a comma, quote or newline.
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [columns, ...rows].map(csvLine).join('\n') + '\n';
}

/** One record, without its newline. */
export function csvLine(row: readonly unknown[]): string {
  return row.map(csvField).join(',');
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
