/**
 * Issue 14: the data-cleanup scripts that read every row stream them. normalise reads the export in
 * slices and writes its output as a stream, so a table above the pushdown threshold (250,000 rows,
 * ~30 MB) never sits in the run whole (the old 20 MB refusal is gone); validate streams the sources
 * and the cluster map and keeps keys and hard keys, not prepared records; redact streams the golden
 * table through (it refused files over 20 MB). Outputs are what the
 * whole-file versions wrote (checked by digests when they changed; the Playbook scenarios compare
 * the resolutions end to end).
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { prepareRecord, syntheticPeople, toCsv, validateResolution, validationRecord } from '../../src/er';
import * as normalise from '../../skills/schema-normalization/scripts/normalise';
import * as validate from '../../skills/entity-resolution/scripts/validate';
import * as redact from '../../skills/pii-redaction/scripts/redact';
import { memoryScriptContext } from './script-context';

/** An export of `rows` people with an id column no synonym names ("ref_code") and one column that is unique but for its last row. */
function exportCsv(rows: number): string {
  const people = syntheticPeople({ rows, seed: 7 });
  return toCsv(['almost', 'ref_code', 'Name', 'Email', 'Phone'], people.map((p, i) => [i === rows - 1 ? 'k0' : `k${i}`, `v${i}`, `${p.fields.first_name ?? ''} ${p.fields.last_name ?? ''}`, p.fields.email ?? '', p.fields.phone ?? '']));
}

/** A context whose whole-file reads fail: a script given it must stream. */
function streamingOnly(files: Record<string, string>, overrides: Parameters<typeof memoryScriptContext>[1] = {}) {
  return memoryScriptContext(files, { readArtifact: async (path) => { throw new Error(`read whole: ${path}`); }, ...overrides });
}

describe('normalise streams', () => {
  it('reads the export only as chunks and writes the output as a stream, a slice of rows at a time', async () => {
    const files: Record<string, string> = { 'exports/big.csv': exportCsv(2_500) };
    let streamed = 0;
    const base = memoryScriptContext(files);
    const ctx = streamingOnly(files, {
      writeArtifact: async (path) => { throw new Error(`written whole: ${path}`); },
      writeStream: async (path, chunks, type) => {
        async function* counted() { for await (const chunk of chunks) { streamed++; yield chunk; } }
        return base.writeStream(path, counted(), type);
      },
    });
    const result = await normalise.run(normalise.args.parse({ artifact: 'exports/big.csv' }), ctx);
    expect(result.counts.rows).toBe(2_500);
    // The header, then one chunk per slice of 1,000 rows.
    expect(streamed).toBe(4);
    const out = Papa.parse<Record<string, string>>(files['normalised/big.csv']!, { header: true, skipEmptyLines: 'greedy' });
    expect(out.data).toHaveLength(2_500);
    expect(out.meta.fields).toEqual(result.columns);
    // "almost" repeats a value only in the last slice, so the id is the next unique column.
    expect([result.id_column, result.id_column_from]).toEqual(['ref_code', 'unique_values']);
    expect(out.data.map((r) => r.row_id)).toEqual(Array.from({ length: 2_500 }, (_, i) => `v${i}`));
  });
});

describe('validate streams', () => {
  it('reports what validateResolution reports over the prepared records, reading only chunks', async () => {
    const people = [0, 1, 2, 3, 4].map((i) => ({ source: 's', id: String(i), fields: { first_name: 'Ann', last_name: 'Lee', dob: i === 1 ? '1990-02-03' : '1990-01-01', email: `a${i}@x.com` } }));
    const normalised = toCsv(['source', 'row_id', 'first_name', 'last_name', 'dob', 'email'], people.map((p) => [p.source, p.id, p.fields.first_name, p.fields.last_name, p.fields.dob, p.fields.email]));
    // Records 0–2 in one entity with two dates of birth; 3 missing from the map; an unknown row; 4 twice.
    const map = [['s', '0', 'E1'], ['s', '1', 'E1'], ['s', '2', 'E1'], ['s', '4', 'E2'], ['s', '4', 'E2'], ['s', '9', 'E3']];
    const files = { 'n.csv': normalised, 'map.csv': toCsv(['source', 'row_id', 'entity_id'], map) };
    const result = await validate.run(validate.args.parse({ sources: ['n.csv'], cluster_map: 'map.csv', max_cluster_size: 2 }), streamingOnly(files));
    const expected = validateResolution(people.map((p) => prepareRecord(p)), map.map(([source, id, entity_id]) => ({ source: source!, id: id!, entity_id: entity_id! })), { maxClusterSize: 2 });
    expect(JSON.parse(files['er/validation.json' as keyof typeof files])).toEqual({ ...expected, accounting_errors: 3 });
    expect(result).toMatchObject({ missing: 1, duplicated: 1, unknown: 1, oversized: 1, conflicts: 1 });
  });

  it('keeps of a record only its identity and hard keys', () => {
    const record = prepareRecord({ source: 's', id: '1', fields: { first_name: 'Ann', last_name: 'Lee', dob: '1990-01-01', email: 'a@x.com', phone: '+15551234567' } });
    const kept = validationRecord(record);
    // dob and national_id (empty here); none of the name, e-mail and phone forms the record has.
    expect(kept.match.filter((v) => v !== undefined)).toEqual(['1990-01-01', '']);
    expect(record.match.filter((v) => v !== '').length).toBeGreaterThan(5);
    expect(Object.keys(kept)).toEqual(['source', 'id', 'match']);
  });
});

describe('redact streams', () => {
  it('reads the file only as chunks and writes the redacted copy as a stream', async () => {
    const files: Record<string, string> = { 'g.csv': exportCsv(2_500) };
    const result = await redact.run(redact.args.parse({ artifact: 'g.csv', columns: { Name: 'hash', Phone: 'drop' }, output: 'r.csv' }), streamingOnly(files, { writeArtifact: async (path) => { throw new Error(`written whole: ${path}`); } }));
    const out = Papa.parse<Record<string, string>>(files['r.csv']!, { header: true, skipEmptyLines: 'greedy' });
    expect(result).toMatchObject({ rows: 2_500, columns: ['almost', 'ref_code', 'Name', 'Email'], dropped: ['Phone'] });
    expect(out.data).toHaveLength(2_500);
    // Every name hashed (a blank one stays blank).
    const named = out.data.filter((r) => r.Name!.trim() !== '');
    expect(named.length).toBeGreaterThan(2_400);
    expect(result.redacted_values.Name).toBe(named.length);
    expect(named.every((r) => /^[0-9a-f]{64}$/.test(r.Name!))).toBe(true);
  });
});
