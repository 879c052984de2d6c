import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import type { SkillScriptContext } from '../../../src/skills/script';
import { csvPieces, forEachInSlices, mapInSlices, parseCsvInSlices } from '../../../src/skills/slices';
import { looksLikeEmail, looksLikePhone, PII_SHARE } from '../../../src/pii/columns';
import { encodeInSlices } from '../../../src/workspace/utf8-slices';

/** Reads only the run workspace and returns numbers: a computation, not a write. */
export const risk = 'compute';

export const description =
  'Profile a CSV file in the run workspace, per column: type guess, null rate, distinct count, most frequent values ' +
  '(masked for e-mail and phone columns unless mask_pii is false), length range, and the share of values that look like ' +
  'an e-mail address, a phone number or a date; plus the candidate keys (columns present and distinct in every row) and the PII columns. ' +
  'Fails on a file with no rows (or only blank ones), naming its columns.';

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the CSV file, e.g. "exports/contacts.csv"'),
  columns: z.array(z.string().min(1).max(256)).max(500).optional().describe('Only these columns (default: all)'),
  top: z.number().int().min(1).max(20).default(5).describe('How many frequent values per column'),
  mask_pii: z.boolean().default(true).describe('Mask frequent values of columns that look like e-mail or phone numbers'),
  sample_rows: z.number().int().min(0).optional().describe('Profile at most this many rows, the first ones (a data-cleanup run passes its pushdown threshold): the output\'s sample says when fewer than all were read'),
});

/** Worker memory is the limit; past this, profile a sample saved with sql.local instead. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** Rows tallied per slice: every column's pattern tests run on each, a few µs a cell. */
const TALLY_SLICE = 1_000;
/** The share of values a pattern must reach to decide the column's type (references/interpreting-profiles.md). */
const TYPE_SHARE = 0.95;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const LOCAL_DATE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const SLASH_ISO_DATE = /^\d{4}\/\d{1,2}\/\d{1,2}$/;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN = new Set(['true', 'false', 'yes', 'no', 't', 'f', 'y', 'n']);

const NOT_KEYS = new Set(['date', 'timestamp', 'number', 'boolean']);

export type ColumnProfile = {
  name: string;
  type_guess: 'empty' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'email' | 'phone' | 'string';
  null_count: number;
  null_rate: number;
  distinct_count: number;
  min_length: number | null;
  max_length: number | null;
  top_values: { value: string; count: number }[];
  patterns: { email: number; phone: number; date: number };
  pii: boolean;
  masked: boolean;
};

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const whole = await ctx.readArtifact(input.artifact);
  // Above sample_rows only the head is parsed and tallied: the rest of the file is never split into rows.
  const head = input.sample_rows === undefined ? undefined : await csvPieces(whole, Math.max(1, input.sample_rows));
  const sampled = head !== undefined && head.rows > Math.max(1, input.sample_rows!);
  const text = sampled ? head.head.join('') : whole;
  const size = (await encodeInSlices(text)).byteLength;
  if (size > MAX_CSV_BYTES) throw new Error(`"${input.artifact}" is ${size} bytes; profile at most ${MAX_CSV_BYTES} (save a sample with sql.local first)`);
  const parsed = await parseCsvInSlices(text);
  const header = parsed.fields;
  if (header.length === 0) throw new Error(`"${input.artifact}" has no header row`);
  const unknown = (input.columns ?? []).filter((c) => !header.includes(c));
  if (unknown.length > 0) throw new Error(`"${input.artifact}" has no column(s) ${unknown.join(', ')}; it has ${header.join(', ')}`);
  const names = input.columns ?? header;
  const rows = parsed.data;
  // A profile of no rows finds nothing and proves nothing (issue 13): stop, and say what the file does hold.
  if (rows.length === 0) throw new Error(emptyMessage(input.artifact, text, header));
  const columns = await profileColumns(names, rows, input.top, input.mask_pii);
  return {
    artifact: input.artifact,
    rows: rows.length,
    sample: sampled ? { rows: rows.length, of_rows: head.rows, reason: `${head.rows.toLocaleString('en')} rows, more than sample_rows ${input.sample_rows!.toLocaleString('en')}: profiled the first ${rows.length.toLocaleString('en')}; candidate keys are distinct in them` } : null,
    columns,
    // Present and distinct in every row, and not a measure or a timestamp: what a join or a cluster map can key on.
    candidate_keys: columns.filter((c) => rows.length > 0 && c.null_count === 0 && c.distinct_count === rows.length && !NOT_KEYS.has(c.type_guess)).map((c) => c.name),
    pii_columns: columns.filter((c) => c.pii).map((c) => c.name),
    ...(parsed.errors.length > 0
      ? { parse_warnings: parsed.errors.slice(0, 5).map((e) => `row ${e.row === undefined ? '?' : e.row + 1}: ${e.message}`), parse_warning_count: parsed.errors.length }
      : {}),
  };
}

/** "has no rows", or "no rows with a value" when every line is blank (`,,` or `"",""`), which greedy parsing skips. */
function emptyMessage(artifact: string, text: string, header: string[]): string {
  const blank = Papa.parse<string[]>(text, { skipEmptyLines: true }).data.length - 1;
  const rows = blank > 0 ? `no rows with a value (${blank} blank)` : 'no rows';
  return `"${artifact}" has ${rows}, only its header (${header.join(', ')}): there is nothing to profile`;
}

type Tally = { counts: Map<string, number>; nulls: number; minLength: number; maxLength: number; seen: Record<Seen, number> };
type Seen = 'email' | 'phone' | 'date' | 'timestamp' | 'integer' | 'number' | 'boolean';

/** Every column's profile, tallied a slice of rows at a time (src/skills/slices.ts). */
async function profileColumns(names: readonly string[], rows: readonly Record<string, string | undefined>[], top: number, maskPii: boolean): Promise<ColumnProfile[]> {
  const tallies = names.map((): Tally => ({ counts: new Map(), nulls: 0, minLength: Infinity, maxLength: -Infinity, seen: { email: 0, phone: 0, date: 0, timestamp: 0, integer: 0, number: 0, boolean: 0 } }));
  await forEachInSlices(rows, (row) => names.forEach((name, c) => tallyCell(tallies[c]!, row[name])), TALLY_SLICE);
  return mapInSlices(names, (name, c) => columnProfile(name, tallies[c]!, rows.length, top, maskPii), 1);
}

function tallyCell(tally: Tally, cell: string | undefined): void {
  const value = cell?.trim() ?? '';
  // Empty and whitespace-only cells are missing values, as a person reading the table sees them.
  if (value === '') {
    tally.nulls++;
    return;
  }
  const { seen } = tally;
  tally.counts.set(value, (tally.counts.get(value) ?? 0) + 1);
  tally.minLength = Math.min(tally.minLength, value.length);
  tally.maxLength = Math.max(tally.maxLength, value.length);
  if (looksLikeEmail(value)) seen.email++;
  const date = dateKind(value);
  // "2024-03-01" has the digits and dashes of a phone number; a date is never also a phone.
  if (!date && looksLikePhone(value)) seen.phone++;
  if (date) seen.date++;
  if (date === 'timestamp') seen.timestamp++;
  if (INTEGER.test(value)) seen.integer++;
  if (NUMBER.test(value)) seen.number++;
  if (BOOLEAN.has(value.toLowerCase())) seen.boolean++;
}

const byFrequency = (a: [string, number], b: [string, number]) => b[1] - a[1] || a[0].localeCompare(b[0]);

/** The `top` most frequent values, ties by value: one pass keeping the best few, not a sort of every distinct value (a unique column has one per row). */
function mostFrequent(counts: ReadonlyMap<string, number>, top: number): [string, number][] {
  const best: [string, number][] = [];
  for (const entry of counts) {
    if (best.length === top && byFrequency(entry, best[top - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && byFrequency(entry, best[at - 1]!) < 0) at--;
    best.splice(at, 0, entry);
    if (best.length > top) best.pop();
  }
  return best;
}

function columnProfile(name: string, { counts, nulls, minLength, maxLength, seen }: Tally, total: number, top: number, maskPii: boolean): ColumnProfile {
  const present = total - nulls;
  const share = (n: number) => (present === 0 ? 0 : round(n / present));
  const patterns = { email: share(seen.email), phone: share(seen.phone), date: share(seen.date) };
  const pii = patterns.email > PII_SHARE || patterns.phone > PII_SHARE;
  const masked = pii && maskPii;
  const topValues = mostFrequent(counts, top).map(([value, count]) => ({ value: masked ? mask(value) : value, count }));
  return {
    name,
    type_guess: typeGuess(present, seen),
    null_count: nulls,
    null_rate: total === 0 ? 0 : round(nulls / total),
    distinct_count: counts.size,
    min_length: present === 0 ? null : minLength,
    max_length: present === 0 ? null : maxLength,
    top_values: topValues,
    patterns,
    pii,
    masked,
  };
}

function typeGuess(present: number, seen: Record<Seen, number>): ColumnProfile['type_guess'] {
  if (present === 0) return 'empty';
  const all = (n: number) => n === present;
  const most = (n: number) => n / present >= TYPE_SHARE;
  if (all(seen.integer)) return 'integer';
  if (all(seen.number)) return 'number';
  if (all(seen.boolean)) return 'boolean';
  if (most(seen.date)) return seen.timestamp > 0 ? 'timestamp' : 'date';
  if (most(seen.email)) return 'email';
  if (most(seen.phone)) return 'phone';
  return 'string';
}

function dateKind(value: string): 'date' | 'timestamp' | undefined {
  const iso = ISO_DATE.exec(value);
  if (iso) return plausible(Number(iso[2]), Number(iso[3])) ? (iso[4] ? 'timestamp' : 'date') : undefined;
  const local = LOCAL_DATE.exec(value);
  if (local) {
    const [a, b] = [Number(local[1]), Number(local[2])];
    // Day-month order is unknown (01/03 vs 03/01): plausible if either reading is a real date.
    return plausible(b, a) || plausible(a, b) ? (value.includes(':') ? 'timestamp' : 'date') : undefined;
  }
  return SLASH_ISO_DATE.test(value) ? 'date' : undefined;
}

function plausible(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The data-cleanup convention (blueprints/data-cleanup-for-ai.yaml): first two characters, then "***". */
function mask(value: string): string {
  return `${value.slice(0, 2)}***`;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
