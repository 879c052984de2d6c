/**
 * Keboola column names allow only letters, digits and _ (at most 64), but a user's CSV header may
 * say anything ("Account.Name", "E-mail Address", "Příjmení", "", a name twice). Each header gets a
 * safe, unique name; where that differs from what the file said, the original is kept as the
 * column's description so nothing is lost.
 */

const MAX = 64;

export type MappedHeader = { columns: string[]; descriptions: Record<string, string> };

export function mapHeaders(headers: readonly string[]): MappedHeader {
  const used = new Set<string>();
  const columns: string[] = [];
  const descriptions: Record<string, string> = {};
  headers.forEach((header, i) => {
    const base = safeName(header) || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, MAX - String(n).length - 1)}_${n}`;
    used.add(name.toLowerCase()); // SQL identifiers are case-insensitive, so "Name" and "name" would clash in a query
    columns.push(name);
    if (name !== header) descriptions[name] = header === '' ? '(no name in the file)' : header;
  });
  return { columns, descriptions };
}

/** Accents dropped ("Příjmení" → "Prijmeni"), any other run of unsafe characters becomes one "_". */
function safeName(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX);
}
