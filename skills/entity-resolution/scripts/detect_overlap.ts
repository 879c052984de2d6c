import { z } from '@hono/zod-openapi';
import { MATCH_INDEX, type MatchField } from '../../../src/er';
import type { SkillScriptContext } from '../../../src/skills/script';
import { prepareAll, readSourcesUpTo } from '../lib/records';

export const risk = 'compute';

export const description =
  'Detect entities shared across normalised sources by candidate keys (exact canonical e-mail, E.164 phone): per key and per ' +
  'source pair, how many key values both sources hold and how many rows of each side share any key with the other. ' +
  'Cheap evidence of overlap before proposing matching rules.';

export const args = z.strictObject({
  sources: z.array(z.string().min(1).max(512)).min(1).max(20).describe('Workspace paths of normalised CSVs (normalised/<source>.csv)'),
  sample_rows: z.number().int().min(0).optional().describe('Above this many rows in the sources (the pushdown threshold) measure on a sample of this many: the first rows of each source'),
});

// Exact keys only: fuzzy evidence is the job of propose_rules, which samples and estimates precision.
const KEYS: MatchField[] = ['email_canonical', 'phone'];
const KEY_NAME: Record<string, string> = { email_canonical: 'email', phone: 'phone' };

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const read = await readSourcesUpTo(ctx, input.sources, input.sample_rows);
  const records = await prepareAll(read.records);
  const sources = [...new Set(records.map((r) => r.source))];
  // key → value → sources holding it, and row → its key values, built in one pass (linear in rows).
  const holders = new Map<string, Map<string, Set<string>>>(KEYS.map((k) => [k, new Map()]));
  for (const record of records) {
    for (const key of KEYS) {
      const value = record.match[MATCH_INDEX[key]]!;
      if (value === '') continue;
      const byValue = holders.get(key)!;
      byValue.set(value, (byValue.get(value) ?? new Set()).add(record.source));
    }
  }
  const pairs = [];
  for (let a = 0; a < sources.length; a++) {
    for (let b = a + 1; b < sources.length; b++) {
      const [left, right] = [sources[a]!, sources[b]!];
      const shared: Record<string, number> = {};
      for (const key of KEYS) {
        let n = 0;
        for (const holding of holders.get(key)!.values()) if (holding.has(left) && holding.has(right)) n++;
        shared[KEY_NAME[key]!] = n;
      }
      const rowsSharing = (side: string, other: string) =>
        records.filter((r) => r.source === side && KEYS.some((k) => {
          const v = r.match[MATCH_INDEX[k]]!;
          return v !== '' && holders.get(k)!.get(v)!.has(other);
        })).length;
      pairs.push({ left, right, shared_keys: shared, left_rows_with_match: rowsSharing(left, right), right_rows_with_match: rowsSharing(right, left) });
    }
  }
  const within = Object.fromEntries(sources.map((s) => [s, Object.fromEntries(KEYS.map((k) => {
    // Values held by two or more rows of the same source: duplicates inside one system.
    const counts = new Map<string, number>();
    for (const r of records) if (r.source === s && r.match[MATCH_INDEX[k]] !== '') counts.set(r.match[MATCH_INDEX[k]]!, (counts.get(r.match[MATCH_INDEX[k]]!) ?? 0) + 1);
    return [KEY_NAME[k]!, [...counts.values()].filter((c) => c > 1).length];
  }))]));
  return {
    rows: records.length,
    sample: read.sample,
    rows_by_source: Object.fromEntries(sources.map((s) => [s, records.filter((r) => r.source === s).length])),
    keys: KEYS.map((k) => KEY_NAME[k]),
    pairs,
    duplicate_keys_within_source: within,
  };
}
