import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { parseCsvInSlices, SLICE_ROWS, toCsvInSlices } from '../../../src/skills/slices';
import { letRequestsIn } from '../../../src/turns';
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

const MAX_CSV_BYTES = 20 * 1024 * 1024;

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const text = await ctx.readArtifact(input.artifact);
  if (text.length > MAX_CSV_BYTES) throw new Error(`"${input.artifact}" is larger than ${MAX_CSV_BYTES} bytes; redact it in pages`);
  const parsed = await parseCsvInSlices(text);
  const headers = parsed.fields;
  const unknown = Object.keys(input.columns).filter((c) => !headers.includes(c));
  // A misspelt column would leave its PII in place while the caller believes it redacted.
  if (unknown.length > 0) throw new Error(`"${input.artifact}" has no column(s) ${unknown.join(', ')}; it has ${headers.join(', ')}`);
  const output = input.output ?? `redacted/${input.artifact.split('/').pop()}`;
  if (output === input.artifact) throw new Error('Write the redacted file to a new path, so the raw file is never half-overwritten');

  const kept = headers.filter((h) => input.columns[h] !== 'drop');
  const counts: Record<string, number> = {};
  const rows: string[][] = [];
  for (const [index, row] of parsed.data.entries()) {
    // Hashing awaits only the microtask queue, which lets no request in.
    if (index > 0 && index % SLICE_ROWS === 0) await letRequestsIn();
    const out: string[] = [];
    for (const column of kept) {
      const value = row[column] ?? '';
      const policy = input.columns[column];
      if (!policy || policy === 'keep' || value.trim() === '') { out.push(value); continue; }
      out.push(policy === 'hash' ? await hash(input.salt, value) : mask(value));
      counts[column] = (counts[column] ?? 0) + 1;
    }
    rows.push(out);
  }
  await ctx.writeArtifact(output, await toCsvInSlices(kept, rows), 'text/csv');
  const dropped = headers.filter((h) => input.columns[h] === 'drop');
  return { output, rows: rows.length, columns: kept, dropped, redacted_values: counts, policies: input.columns };
}

/** Hashes the trimmed, lower-cased value so "Ann@X.com" and "ann@x.com " still hash alike. */
async function hash(salt: string, value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}\u0000${value.trim().toLowerCase()}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

