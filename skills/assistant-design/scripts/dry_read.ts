import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import type { SkillScriptContext } from '../../../src/skills/script';

export const risk = 'compute';

export const description =
  'Check a draft\'s reads against a preview of each table it reads (keboola.storage.tables action "preview", at most 10 rows): ' +
  'every column the steps use exists, the table returns rows, and how many of the previewed rows fill each used column. ' +
  'Writes design/dry-read.json; fails naming the table and the missing columns when a check does not pass.';

const Preview = z.looseObject({ table_id: z.string(), columns: z.array(z.string()), row_count: z.number().int(), csv: z.string().default('') });

export const args = z.strictObject({
  previews: z.array(Preview).max(20).describe('The outputs of keboola.storage.tables preview, one per table'),
  reads: z.array(z.strictObject({ table: z.string(), columns: z.array(z.string()) })).max(20).describe('What the draft reads: `reads` of skill.assistant-design.draft'),
  output: z.string().min(1).max(512).default('design/dry-read.json'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const checks = input.reads.map((read) => {
    const preview = input.previews.find((p) => p.table_id === read.table);
    if (!preview) return { table: read.table, passed: false, rows_previewed: 0, missing_columns: read.columns, filled: {}, problem: 'no preview of this table' };
    const missing = read.columns.filter((c) => !preview.columns.includes(c));
    const rows = Papa.parse<Record<string, string>>(preview.csv, { header: true, skipEmptyLines: 'greedy' }).data;
    const filled = Object.fromEntries(read.columns.filter((c) => !missing.includes(c)).map((c) => [c, rows.filter((r) => (r[c] ?? '').trim() !== '').length]));
    const problem = missing.length > 0 ? `no column(s) ${missing.join(', ')}` : preview.row_count === 0 ? 'the table returned no rows' : null;
    return { table: read.table, passed: problem === null, rows_previewed: preview.row_count, missing_columns: missing, filled, problem };
  });
  const passed = checks.every((c) => c.passed);
  await ctx.writeArtifact(input.output, JSON.stringify({ passed, checks }, null, 2), 'application/json');
  if (!passed) throw new Error(`The dry read failed: ${checks.filter((c) => !c.passed).map((c) => `${c.table}: ${c.problem}`).join('; ')}`);
  return { passed, checks, file: input.output };
}
