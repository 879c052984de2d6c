import { z } from '@hono/zod-openapi';
import { CANONICAL_FIELDS, mapColumns, prepareRecord, toSourceRecords, valueRow, type CanonicalField } from '../../../src/er';
import type { SkillScriptContext } from '../../../src/skills/script';
import { mapInSlices, parseCsvInSlices, toCsvInSlices } from '../../../src/skills/slices';

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
/** Worker memory bounds one call; larger tables go through sql.local in pages (see SKILL.md). */
const MAX_CSV_BYTES = 20 * 1024 * 1024;

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const text = await ctx.readArtifact(input.artifact);
  if (text.length > MAX_CSV_BYTES) throw new Error(`"${input.artifact}" is larger than ${MAX_CSV_BYTES} bytes; normalise it in pages`);
  const parsed = await parseCsvInSlices(text);
  const headers = parsed.fields;
  if (headers.length === 0) throw new Error(`"${input.artifact}" has no header row`);
  const source = input.source ?? (input.artifact.split('/').pop() ?? input.artifact).replace(/\.csv$/i, '');
  const mapped = mapColumns(headers);
  if (input.id_column !== undefined && !headers.includes(input.id_column)) throw new Error(`"${input.artifact}" has no column ${input.id_column}; it has ${headers.join(', ')}`);
  const idColumn = input.id_column ?? mapped.idColumn ?? uniqueColumn(mapped.unmapped, parsed.data);
  const columns = { ...mapped, ...(idColumn ? { idColumn } : {}), unmapped: mapped.unmapped.filter((c) => c !== idColumn) };
  if (Object.keys(columns.mapping).length === 0) throw new Error(`No column of "${input.artifact}" maps to the contact schema; columns: ${headers.join(', ')}`);

  const options = { defaultCountryCode: input.default_country_code, dates: { order: input.day_first ? 'dmy' : 'mdy' } } as const;
  // Each row is mapped, prepared and tallied in one slice; every pass over all rows is sliced.
  const filledBy = new Map<CanonicalField, number>();
  const tally = { e164: 0, digitsOnly: 0, named: 0 };
  const rows = await mapInSlices(parsed.data, (data, index) => {
    const [record] = toSourceRecords(source, [data], columns, index + 1);
    const prepared = prepareRecord(record!, options);
    const values = valueRow(prepared);
    for (const f of CANONICAL_FIELDS) if (values[f] !== '') filledBy.set(f, (filledBy.get(f) ?? 0) + 1);
    if (values.phone !== '') tally[values.phone.startsWith('+') ? 'e164' : 'digitsOnly']++;
    if (values.first_name !== '' || values.last_name !== '') tally.named++;
    return { source: prepared.source, id: prepared.id, values };
  }, PREPARE_SLICE);
  // Only fields some row has: a narrow file is easier to read and re-profile. full_name is
  // always split into first/last by prepareRecord, so it never appears.
  const fields = CANONICAL_FIELDS.filter((f) => f !== 'full_name' && filledBy.has(f));
  const output = input.output ?? `normalised/${source}.csv`;
  await ctx.writeArtifact(output, await toCsvInSlices(['source', 'row_id', ...fields], await mapInSlices(rows, (row) => [row.source, row.id, ...fields.map((f) => row.values[f])])), 'text/csv');

  const counts = {
    rows: rows.length,
    filled: Object.fromEntries(fields.map((f) => [f, filledBy.get(f)!])) as Partial<Record<CanonicalField, number>>,
    // Phones that could not be put in E.164 keep their digits; the share tells how reliable the phone rule will be.
    phones_e164: tally.e164,
    phones_digits_only: tally.digitsOnly,
    names_split_from_full_name: Object.values(columns.mapping).includes('full_name') ? tally.named : 0,
  };
  ctx.emit('skill.progress', { script: 'normalise', source, rows: rows.length, output });
  // Without an id column rows are numbered, which only holds while the export's row order does.
  const idFrom = input.id_column ? 'argument' : mapped.idColumn ? 'name' : idColumn ? 'unique_values' : 'row_number';
  return { source, output, mapping: columns.mapping, id_column: idColumn ?? null, id_column_from: idFrom, unmapped: columns.unmapped, columns: ['source', 'row_id', ...fields], counts };
}

/**
 * A source's key often has a name no synonym covers (HubSpot's "vid"): the first unmapped column
 * whose values are all present and distinct is taken as the row id, so the cluster map can be
 * joined back to the source table.
 */
function uniqueColumn(candidates: readonly string[], rows: readonly Record<string, string | undefined>[]): string | undefined {
  return candidates.find((column) => {
    const seen = new Set<string>();
    for (const row of rows) {
      const value = row[column]?.trim() ?? '';
      if (value === '' || seen.has(value)) return false;
      seen.add(value);
    }
    return rows.length > 0;
  });
}
