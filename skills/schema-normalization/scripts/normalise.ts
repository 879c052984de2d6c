import { z } from '@hono/zod-openapi';
import { CANONICAL_FIELDS, mapColumns, prepareRecord, toSourceRecords, valueRow, type CanonicalField, type PrepareOptions } from '../../../src/er';
import { csvChunks, csvRowSlices, type CsvSlice } from '../../../src/skills/csv-stream';
import type { SkillScriptContext } from '../../../src/skills/script';

/** Reads one workspace CSV and writes another inside the run workspace: no outside effects. */
export const risk = 'compute';

export const description =
  'Map a source CSV in the run workspace onto the canonical contact schema (first/last name, email, phone, company, address, ' +
  'dates …) by column-name synonyms, normalise the values (names, e-mail case, phones to E.164 with a default country code, ' +
  'dates to ISO, whitespace) and write normalised/<source>.csv with source and row_id columns. Returns the column mapping and counts.';

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the source CSV, e.g. "exports/in.c-hubspot.contacts.csv"'),
  source: z.string().min(1).max(256).optional().describe('Source name written to every row (default: the file name without .csv, e.g. the table id)'),
  default_country_code: z.string().regex(/^\d{1,3}$/).default('1').describe('Calling code for national phone numbers ("1", "44", "420")'),
  day_first: z.boolean().default(false).describe('Read ambiguous numeric dates as day/month (European) instead of month/day'),
  id_column: z.string().min(1).max(256).optional().describe('The row identifier column (default: by name, e.g. "Id", else the first unmapped column whose values are unique)'),
  output: z.string().min(1).max(512).optional().describe('Output path (default normalised/<source>.csv)'),
});

/** Records normalised per slice: the costliest per-row work in the pipeline (tens of µs a record). */
const PREPARE_SLICE = 1_000;

type Row = Record<string, string | undefined>;
type Columns = ReturnType<typeof mapColumns> & { idColumn?: string };

/**
 * The export is streamed, never held (a 250,000-row table is ~30 MB, a Durable Object has 128 MB):
 * a first pass finds the header, the id column and which canonical fields any row fills (the
 * output's columns, which its first line names), a second normalises again row by row and
 * streams the output out. Preparing twice costs CPU (tens of µs a row) but no memory.
 */
export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const source = input.source ?? (input.artifact.split('/').pop() ?? input.artifact).replace(/\.csv$/i, '');
  const options = { defaultCountryCode: input.default_country_code, dates: { order: input.day_first ? 'dmy' : 'mdy' } } as const;
  const slices = async () => csvRowSlices(await ctx.readChunks(input.artifact), PREPARE_SLICE);
  const scan = await scanned(input, await slices(), source, options);
  const { columns, filledBy, tally } = scan;
  // Only fields some row has: a narrow file is easier to read and re-profile. full_name is
  // always split into first/last by prepareRecord, so it never appears.
  const fields = CANONICAL_FIELDS.filter((f) => f !== 'full_name' && filledBy.has(f));
  const output = input.output ?? `normalised/${source}.csv`;
  async function* normalised(): AsyncGenerator<string[][]> {
    for await (const slice of await slices()) {
      yield slice.rows.map((data, i) => {
        const prepared = prepareRecord(toSourceRecords(source, [data], columns, slice.firstRow + i + 1)[0]!, options);
        const values = valueRow(prepared);
        return [prepared.source, prepared.id, ...fields.map((f) => values[f])];
      });
    }
  }
  await ctx.writeStream(output, csvChunks(['source', 'row_id', ...fields], normalised()), 'text/csv');

  const counts = {
    rows: scan.rows,
    filled: Object.fromEntries(fields.map((f) => [f, filledBy.get(f)!])) as Partial<Record<CanonicalField, number>>,
    // Phones that could not be put in E.164 keep their digits; the share tells how reliable the phone rule will be.
    phones_e164: tally.e164,
    phones_digits_only: tally.digitsOnly,
    names_split_from_full_name: Object.values(columns.mapping).includes('full_name') ? tally.named : 0,
  };
  ctx.emit('skill.progress', { script: 'normalise', source, rows: scan.rows, output });
  // Without an id column rows are numbered, which only holds while the export's row order does.
  const idFrom = input.id_column ? 'argument' : scan.idFromName ? 'name' : columns.idColumn ? 'unique_values' : 'row_number';
  return { source, output, mapping: columns.mapping, id_column: columns.idColumn ?? null, id_column_from: idFrom, unmapped: columns.unmapped, columns: ['source', 'row_id', ...fields], counts };
}

/** The first pass: the column mapping with its id column, and per canonical field how many rows fill it once normalised. */
async function scanned(input: z.infer<typeof args>, slices: AsyncIterable<CsvSlice>, source: string, options: PrepareOptions) {
  let mapped: ReturnType<typeof mapColumns> | undefined;
  let unique: UniqueColumns | undefined;
  let rows = 0;
  const filledBy = new Map<CanonicalField, number>();
  const tally = { e164: 0, digitsOnly: 0, named: 0 };
  for await (const slice of slices) {
    if (mapped === undefined) {
      const headers = slice.fields;
      if (headers.length === 0) throw new Error(`"${input.artifact}" has no header row`);
      if (input.id_column !== undefined && !headers.includes(input.id_column)) throw new Error(`"${input.artifact}" has no column ${input.id_column}; it has ${headers.join(', ')}`);
      mapped = mapColumns(headers);
      if (Object.keys(mapped.mapping).length === 0) throw new Error(`No column of "${input.artifact}" maps to the contact schema; columns: ${headers.join(', ')}`);
      if (input.id_column === undefined && mapped.idColumn === undefined) unique = new UniqueColumns(mapped.unmapped);
    }
    // The values do not depend on the row id, so the mapping without its id column serves here.
    for (const data of slice.rows) {
      unique?.add(data);
      const values = valueRow(prepareRecord(toSourceRecords(source, [data], mapped, ++rows)[0]!, options));
      for (const f of CANONICAL_FIELDS) if (values[f] !== '') filledBy.set(f, (filledBy.get(f) ?? 0) + 1);
      if (values.phone !== '') tally[values.phone.startsWith('+') ? 'e164' : 'digitsOnly']++;
      if (values.first_name !== '' || values.last_name !== '') tally.named++;
    }
  }
  if (mapped === undefined) throw new Error(`"${input.artifact}" has no header row`);
  const idColumn = input.id_column ?? mapped.idColumn ?? (rows > 0 ? unique?.first() : undefined);
  const columns: Columns = { ...mapped, ...(idColumn ? { idColumn } : {}), unmapped: mapped.unmapped.filter((c) => c !== idColumn) };
  return { columns, idFromName: input.id_column === undefined && mapped.idColumn !== undefined, rows, filledBy, tally };
}

/**
 * A source's key often has a name no synonym covers (HubSpot's "vid"): the first unmapped column
 * whose values are all present and distinct is taken as the row id, so the cluster map can be
 * joined back to the source table. Each candidate's values are kept until it repeats one or lacks
 * one (keys only: the one thing this pass holds per row, and only when no column is named as id).
 */
class UniqueColumns {
  private readonly seen: Map<string, Set<string>>;
  constructor(candidates: readonly string[]) {
    this.seen = new Map(candidates.map((c) => [c, new Set<string>()]));
  }

  add(row: Row): void {
    for (const [column, values] of this.seen) {
      const value = row[column]?.trim() ?? '';
      if (value === '' || values.has(value)) this.seen.delete(column);
      else values.add(value);
    }
  }

  /** The first candidate (in column order) still unique. */
  first(): string | undefined {
    return this.seen.keys().next().value;
  }
}
