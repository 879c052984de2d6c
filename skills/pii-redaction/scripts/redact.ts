import { z } from '@hono/zod-openapi';
import { csvChunks, csvRowSlices, type CsvSlice } from '../../../src/skills/csv-stream';
import type { SkillScriptContext } from '../../../src/skills/script';
import { mask } from '../../../src/pii/columns';

export const risk = 'compute';

export const description =
  'Redact personal data in a workspace CSV before it is promoted or shared: per column a policy — hash (salted SHA-256, ' +
  'so equal values still join), mask (keep a hint: first letter and e-mail domain, last two phone digits), drop (remove ' +
  'the column) or keep (unchanged, recorded as a decision). Writes a new artifact; the input is left as it is.';

/** `keep` leaves the column as it is: a Playbook input can then switch redaction off explicitly. */
const Policy = z.enum(['hash', 'mask', 'drop', 'keep']);

export const args = z.strictObject({
  artifact: z.string().min(1).max(512).describe('Workspace path of the CSV to redact'),
  columns: z.record(z.string().min(1).max(256), Policy).describe('Column → policy, e.g. {"email": "hash", "phone": "mask", "dob": "drop"}'),
  salt: z.string().max(256).default('').describe('Salt for hash; the same salt makes hashes comparable across files'),
  output: z.string().min(1).max(512).optional().describe('Output path (default redacted/<file name>)'),
});

/**
 * The file streams through a slice of rows at a time (src/skills/csv-stream.ts), never held: the
 * golden table of a 250,000-row cleanup is ~30 MB, and a whole-file read refused more than 20 MB.
 */
export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const output = input.output ?? `redacted/${input.artifact.split('/').pop()}`;
  if (output === input.artifact) throw new Error('Write the redacted file to a new path, so the raw file is never half-overwritten');
  const slices = csvRowSlices(await ctx.readChunks(input.artifact));
  const first = await slices.next();
  const headers = first.done ? [] : first.value.fields;
  const unknown = Object.keys(input.columns).filter((c) => !headers.includes(c));
  // A misspelt column would leave its PII in place while the caller believes it redacted.
  if (unknown.length > 0) throw new Error(`"${input.artifact}" has no column(s) ${unknown.join(', ')}; it has ${headers.join(', ')}`);

  const kept = headers.filter((h) => input.columns[h] !== 'drop');
  const counts: Record<string, number> = {};
  let rows = 0;
  async function redacted(slice: CsvSlice): Promise<string[][]> {
    const out: string[][] = [];
    for (const row of slice.rows) {
      const values: string[] = [];
      for (const column of kept) {
        const value = row[column] ?? '';
        const policy = input.columns[column];
        if (!policy || policy === 'keep' || value.trim() === '') { values.push(value); continue; }
        values.push(policy === 'hash' ? await hash(input.salt, value) : mask(value));
        counts[column] = (counts[column] ?? 0) + 1;
      }
      out.push(values);
    }
    rows += out.length;
    return out;
  }
  // Hashing awaits only the microtask queue, which lets no request in; the reader lets them in between slices.
  async function* all(): AsyncGenerator<string[][]> {
    if (first.done) return;
    yield await redacted(first.value);
    for await (const slice of slices) yield await redacted(slice);
  }
  await ctx.writeStream(output, csvChunks(kept, all()), 'text/csv');
  const dropped = headers.filter((h) => input.columns[h] === 'drop');
  return { output, rows, columns: kept, dropped, redacted_values: counts, policies: input.columns };
}

/** Hashes the trimmed, lower-cased value so "Ann@X.com" and "ann@x.com " still hash alike. */
async function hash(salt: string, value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}\u0000${value.trim().toLowerCase()}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

