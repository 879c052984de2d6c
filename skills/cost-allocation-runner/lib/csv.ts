import Papa from 'papaparse';
import type { SkillScriptContext } from '../../../src/skills/script';
import { parseCsvInSlices } from '../../../src/skills/slices';

/** Worker memory is the limit: bigger inputs should be aggregated with SQL first. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

export type CsvRows = { fields: string[]; rows: Record<string, string | undefined>[] };

export async function readCsv(ctx: SkillScriptContext, path: string): Promise<CsvRows> {
  const text = await ctx.readArtifact(path);
  if (text.length > MAX_CSV_BYTES) throw new Error(`"${path}" is larger than ${MAX_CSV_BYTES} bytes; aggregate it with SQL first`);
  const parsed = await parseCsvInSlices(text);
  return { fields: parsed.fields, rows: parsed.data };
}

export function requireColumns(path: string, fields: string[], needed: string[]): void {
  const missing = needed.filter((c) => !fields.includes(c));
  if (missing.length > 0) throw new Error(`"${path}" has no column(s) ${missing.join(', ')}; it has ${fields.join(', ') || 'no header'}`);
}

/** A numeric cell; empty is 0. Anything else that is not a number is an error, since skipping it would hide cost. */
export function amount(path: string, row: Record<string, string | undefined>, column: string, index: number): number {
  const raw = row[column]?.trim() ?? '';
  const value = raw === '' ? 0 : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`"${path}" row ${index + 1}: ${column} "${raw}" is not a number`);
  return value;
}

export function toCsv(fields: string[], rows: Record<string, unknown>[]): string {
  return Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => r[f] ?? '')) }, { newline: '\n' });
}
