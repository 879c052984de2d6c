/**
 * Issue 14: skill.schema-normalization.normalise streams the export in slices and writes its
 * output as a stream, so a table above the pushdown threshold (250,000 rows, ~30 MB) never sits in
 * the run whole; the old 20 MB refusal is gone. Its output is what the whole-file version wrote
 * (checked by digests when it changed; the Playbook scenarios compare the resolutions end to end).
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { syntheticPeople, toCsv } from '../../src/er';
import * as normalise from '../../skills/schema-normalization/scripts/normalise';
import { memoryScriptContext } from './script-context';

/** An export of `rows` people with an id column no synonym names ("ref_code") and one column that is unique but for its last row. */
function exportCsv(rows: number): string {
  const people = syntheticPeople({ rows, seed: 7 });
  return toCsv(['almost', 'ref_code', 'Name', 'Email', 'Phone'], people.map((p, i) => [i === rows - 1 ? 'k0' : `k${i}`, `v${i}`, `${p.fields.first_name ?? ''} ${p.fields.last_name ?? ''}`, p.fields.email ?? '', p.fields.phone ?? '']));
}

describe('normalise streams', () => {
  it('reads the export only as chunks and writes the output as a stream, a slice of rows at a time', async () => {
    const files: Record<string, string> = { 'exports/big.csv': exportCsv(2_500) };
    let streamed = 0;
    const base = memoryScriptContext(files);
    const ctx = memoryScriptContext(files, {
      readArtifact: async (path) => { throw new Error(`read whole: ${path}`); },
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
