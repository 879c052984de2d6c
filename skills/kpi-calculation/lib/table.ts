// A workspace CSV read as measures by period and dimension members: the input every skill of
// keboola.decision-analysis takes (a period column, measure columns, dimension columns), so one
// reader decides how periods are bucketed, blanks are read and bad numbers are reported.
import type { SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, parseCsvInSlices } from '../../../src/skills/slices';
import { periodAxis, periodKey, type Axis, type Grain } from './periods';

/** What a blank dimension value is called, so it stays one visible member. */
export const BLANK_MEMBER = '(blank)';

export type TableSpec = {
  /** Empty: the whole table is one period, "all". */
  period_column: string;
  grain: Grain;
  measures: readonly string[];
  dimensions: readonly string[];
  /** Measures whose blank cell means unknown, not 0: such rows are left out and counted. */
  skip_blank?: readonly string[];
};
export type MeasureRow = { at: number; members: string[]; values: number[] };
export type MeasureTable = { path: string; axis: Axis; measures: readonly string[]; dimensions: readonly string[]; rows: MeasureRow[]; skipped: number };
const WHOLE_TABLE = 'all';

export async function readMeasureTable(ctx: SkillScriptContext, path: string, spec: TableSpec): Promise<MeasureTable> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  const wanted = [...(spec.period_column ? [spec.period_column] : []), ...spec.measures, ...spec.dimensions];
  const missing = wanted.filter((c) => !parsed.fields.includes(c));
  if (missing.length > 0) throw new Error(`"${path}" has no column(s) ${missing.join(', ')}; it has ${parsed.fields.join(', ') || 'no header'}`);
  const blankOut = spec.skip_blank ?? [];
  // Row numbers as in the file (data rows from 1), also for rows after a skipped one.
  const kept = parsed.data.flatMap((row, i) => (blankOut.every((c) => (row[c]?.trim() ?? '') !== '') ? [{ row, line: i + 1 }] : []));
  if (kept.length === 0) throw new Error(`"${path}" has no rows${parsed.data.length > 0 ? ` with ${blankOut.join(', ')} filled` : ''}`);
  const keys = await mapInSlices(kept, ({ row, line }) => {
    if (!spec.period_column) return WHOLE_TABLE;
    const raw = row[spec.period_column]?.trim() ?? '';
    if (raw === '') throw new Error(`"${path}" row ${line} has no ${spec.period_column}`);
    try {
      return periodKey(raw, spec.grain);
    } catch (error) {
      throw new Error(`"${path}" row ${line}, ${spec.period_column}: ${(error as Error).message}`);
    }
  });
  const axis = periodAxis(keys);
  const positions = new Map<string, number>();
  const rows = await mapInSlices(kept, ({ row, line }, i): MeasureRow => {
    const key = keys[i]!;
    let at = positions.get(key);
    if (at === undefined) positions.set(key, (at = axis.position(key)));
    return {
      at,
      members: spec.dimensions.map((d) => row[d]?.trim() || BLANK_MEMBER),
      values: spec.measures.map((m) => number(row[m], () => `"${path}" row ${line}, ${m}`)),
    };
  });
  return { path, axis, measures: spec.measures, dimensions: spec.dimensions, rows, skipped: parsed.data.length - kept.length };
}

/** A measure cell: blank is 0; anything else must be a number. */
export function number(cell: string | undefined, where: () => string): number {
  const text = cell?.trim() ?? '';
  const value = text === '' ? 0 : Number(text);
  if (!Number.isFinite(value)) throw new Error(`${where()}: "${text}" is not a number`);
  return value;
}

/** One measure summed per period (0 where a period has no rows), over the rows `keep` accepts. */
export function series(table: MeasureTable, measure: number, keep: (row: MeasureRow) => boolean = () => true): number[] {
  const out = new Array<number>(table.axis.periods.length).fill(0);
  for (const row of table.rows) if (keep(row)) out[row.at]! += row.values[measure]!;
  return out;
}

/** One measure summed per period for every member of a dimension, members by their total, largest first. */
export function seriesByMember(table: MeasureTable, measure: number, dimension: number, keep: (row: MeasureRow) => boolean = () => true): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const row of table.rows) {
    if (!keep(row)) continue;
    const member = row.members[dimension]!;
    let values = out.get(member);
    if (!values) out.set(member, (values = new Array<number>(table.axis.periods.length).fill(0)));
    values[row.at]! += row.values[measure]!;
  }
  const total = (values: number[]) => values.reduce((n, v) => n + v, 0);
  return new Map([...out].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0])));
}

/** The season length to use: the one asked for, else the one the period format implies (52 weeks, 12 months, 4 quarters, 7 days). */
export function seasonLength(asked: number, axis: Axis): { length: number; note: string | null } {
  if (asked > 0) return { length: asked, note: null };
  if (axis.defaultSeason) return { length: axis.defaultSeason, note: null };
  return { length: 1, note: `periods of the ${axis.format} format imply no season; give season_length to compare with a season earlier` };
}

/** Rounded to `digits` decimals; never -0, which JSON and CSV would print as 0 while tests and sorts tell it apart. */
export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
};
