import { z } from '@hono/zod-openapi';
import { candidatePairs, compileMatcher, compileRules, matchTable, profileSteps } from '../../../src/er';
import { forEachInSlices, stepsInSlices, toCsvInSlices } from '../../../src/skills/slices';
import { letRequestsIn } from '../../../src/turns';
import type { SkillScriptContext } from '../../../src/skills/script';
import { prepareAll, readSourcesUpTo } from '../lib/records';
import { chosenRules, rulesFromAnswer } from '../../../src/er/chosen-rules';

export const risk = 'compute';

/**
 * Candidate pairs per sql.local batch: the SQL rules cost ~1–3 ms a pair (Jaro-Winkler per rule),
 * and a GET to the run waits for the current batch at each of its hops between objects locally,
 * so a batch stays around 5 ms (10 pairs took 65–130 ms a batch at load average 7, and GETs during
 * the check had a median near 150 ms). The batches' counts are summed, so their number is not capped.
 */
const PAIRS_PER_BATCH = 5;

export const description =
  'Compile the chosen rules to SQL (SQLite dialect; the compiler has a dialect seam for a Keboola workspace) and prepare a ' +
  'cross-check in the run\'s SQL workspace: writes er/sql/rules.sql, the comparison forms and candidate pairs of up to ' +
  'max_records records, and the pairs the in-memory matcher finds among them. Returns sql.local arguments whose result ' +
  '(one row, summed over batches of candidate pairs) counts the pairs on which SQL and the in-memory matcher disagree (0 expected).';

export const args = z.strictObject({
  sources: z.array(z.string().min(1).max(512)).min(1).max(20).describe('Workspace paths of the normalised CSVs'),
  rules: z.array(z.string().min(1).max(64)).min(1).max(20).describe('The chosen rule ids (the HITL answer)'),
  thresholds_text: z.string().max(2000).optional(),
  max_records: z.number().int().min(2).max(20_000).default(3_000).describe('Records the cross-check covers (above it, the first rows of each source in equal shares); SQL Jaro-Winkler is slow, so large inputs are sampled'),
  output_dir: z.string().min(1).max(256).default('er/sql'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const choice = rulesFromAnswer(input.rules, {}, input.thresholds_text);
  const rules = chosenRules(choice.rules, choice.thresholds);
  // Only the records the check covers are read (a large input is never held whole here); their
  // evidence columns (shared phones, name frequencies) come from them, and both sides of the
  // check — the SQL and the in-memory matcher — compare the same forms.
  const { records: read, sample } = await readSourcesUpTo(ctx, input.sources, input.max_records);
  const records = await prepareAll(read);
  await stepsInSlices(profileSteps(records));
  const dir = input.output_dir.replace(/\/+$/, '');

  // Each stage is a whole pass over the sample (tens of ms): the turn ends between them.
  const forms = matchTable(records);
  await letRequestsIn();
  const candidates = candidatePairs(records, { mode: 'dedup' }).pairs;
  await letRequestsIn();
  const matcher = compileMatcher(rules);
  const expected: string[][] = [];
  await forEachInSlices(candidates, ([x, y]) => {
    const mask = matcher.match(records[x]!, records[y]!);
    if (mask) expected.push([String(x), String(y), ...rules.map((_, r) => (mask & (1 << r) ? '1' : '0'))]);
  });
  const sql = compileRules(rules, { table: 'er_forms', pairsTable: 'er_candidates' });
  const files = { rules: `${dir}/rules.sql`, forms: `${dir}/forms.csv`, candidates: `${dir}/candidates.csv`, expected: `${dir}/expected_pairs.csv` };
  await ctx.writeArtifact(files.rules, `-- Entity-resolution rules ${rules.map((r) => r.id).join(', ')} compiled for SQLite.\n${sql};\n`, 'application/sql');
  await ctx.writeArtifact(files.forms, await toCsvInSlices(forms.columns, forms.rows), 'text/csv');
  await ctx.writeArtifact(files.candidates, await toCsvInSlices(['left_key', 'right_key'], candidates), 'text/csv');
  await ctx.writeArtifact(files.expected, await toCsvInSlices(['left_key', 'right_key', ...rules.map((r) => r.id)], expected), 'text/csv');

  // Keys and flags compared as integers: CSV columns load as text, the compiled flags are numbers.
  const row = ['left_key', 'right_key', ...rules.map((r) => `"${r.id}"`)].map((c) => `CAST(${c} AS INTEGER)`).join(', ');
  // sql.local runs the check once per batch of candidate pairs (readable as "batch"): one statement
  // over every pair would hold the run for seconds (Jaro-Winkler in SQL, ~1 ms a pair).
  const batchSql = compileRules(rules, { table: 'er_forms', pairsTable: 'batch' });
  // Both sides are the CSVs' text, so the keys compare as written (and SQLite can index the join).
  const expectedInBatch = 'SELECT e.* FROM er_expected AS e JOIN batch AS p ON e.left_key = p.left_key AND e.right_key = p.right_key';
  return {
    rules: rules.map((r) => r.id),
    records: records.length,
    of_records: sample?.of_rows ?? records.length,
    candidate_pairs: candidates.length,
    expected_pairs: expected.length,
    files,
    // The arguments of sql.local for the cross-check, so a scripted step can pass them on.
    check: {
      load: [
        // Indexed on the keys the check joins on; else SQLite would build the index again for every batch.
        { table: 'er_forms', artifact: files.forms, index: ['rec'] },
        { table: 'er_candidates', artifact: files.candidates },
        { table: 'er_expected', artifact: files.expected, index: ['left_key', 'right_key'] },
      ],
      // One read-only statement (CTEs, no table created or dropped): the check needs no approval to run.
      statements: [
        `WITH er_sql_pairs AS (${batchSql}), er_batch_expected AS (${expectedInBatch}) ` +
          `SELECT (SELECT COUNT(*) FROM er_sql_pairs) AS sql_pairs, (SELECT COUNT(*) FROM er_batch_expected) AS matcher_pairs, ` +
          `(SELECT COUNT(*) FROM (SELECT ${row} FROM er_sql_pairs EXCEPT SELECT ${row} FROM er_batch_expected)) + ` +
          `(SELECT COUNT(*) FROM (SELECT ${row} FROM er_batch_expected EXCEPT SELECT ${row} FROM er_sql_pairs)) AS differences`,
      ],
      batch: { table: 'er_candidates', rows: PAIRS_PER_BATCH, sum: true },
    },
  };
}
