import { z } from '@hono/zod-openapi';
import { DEFAULT_PUSHDOWN_ROWS, deriveProfile, formsTableSql, MATCH_TABLE_COLUMNS, matchTableRow, pairsToMatches, pushdownDecision, pushdownSql, snowflakeDialect } from '../../er';
import { chosenRules, rulesFromAnswer } from '../../er/chosen-rules';
import { prepareAll, readNormalisedSources } from '../../skills/normalised-sources';
import { toCsvInSlices } from '../../skills/slices';
import { defineTool, ToolError } from '../types';
import { ArtifactPath, BranchArg, TableId, onBranch, withKeboola } from './shared';

const TOOL_ID = 'keboola.workspace.match_pairs';
/** More pairs than this would not fit the run object beside the records; the rules are too loose for this table. */
const MAX_PAIRS = 2_000_000;

/**
 * The resolve step's choice of where blocking and comparison run (issue 14). The Playbook DSL
 * has no conditional actions, so the step always calls this, then skill.entity-resolution.resolve:
 * at or below the threshold (or on the sample project, which has no warehouse) it returns
 * `where: "run"` and resolve compares in the run as before; above it, the comparison forms go into
 * a scratch table in the Keboola workspace, the rules run there as one Snowflake statement through
 * the Query Service, only the matched pairs come back (written to `output`), and resolve clusters
 * and builds golden records from them. The scratch table is the tool's own and dropped at the end,
 * never a Storage table, so the call is compute, like keboola.workspace.query's SELECTs.
 */
export const keboolaMatchPairs = defineTool({
  id: TOOL_ID,
  provider: 'keboola',
  description:
    'Decide where entity-resolution blocking and comparison run, from the source tables\' row counts in Storage: above pushdown_rows they run in the Keboola workspace as SQL and only the matched pairs come back (written to output for skill.entity-resolution.resolve\'s `pairs`); otherwise returns where "run" and resolve compares in the run. Returns the decision, its reason and the rows moved.',
  risk: 'compute',
  side_effects: false,
  output_trust: 'untrusted',
  tags: ['keboola', 'sql', 'entity-resolution'],
  args: z.strictObject({
    tables: z.array(TableId).min(1).max(20).describe('The Storage tables the sources came from; their rowsCount decides'),
    sources: z.array(ArtifactPath).min(1).max(20).describe('Workspace paths of the normalised CSVs, in the order resolve reads them'),
    rules: z.array(z.string().min(1).max(64)).min(1).max(20).optional().describe('Rule ids chosen, as for resolve'),
    thresholds_text: z.string().max(2000).optional().describe('Custom thresholds written with the answer, as for resolve'),
    pushdown_rows: z.number().int().min(0).default(DEFAULT_PUSHDOWN_ROWS).describe('Rows above which the comparison runs in the warehouse'),
    output: ArtifactPath.default('er/pairs.csv'),
    branch: BranchArg,
  }),
  execute: async (args, ctx) =>
    withKeboola(TOOL_ID, onBranch(ctx, args.branch), async (backend) => {
      let rows = 0;
      for (const table of args.tables) rows += (await backend.tableDetail(table)).rows_count ?? 0;
      const decision = pushdownDecision(rows, args.pushdown_rows, backend.kind === 'keboola');
      ctx.emit('skill.progress', { tool: TOOL_ID, ...decision });
      if (decision.where === 'run') return { kind: 'done', output: { ...decision, pairs: null } };

      const choice = rulesFromAnswer(args.rules, {}, args.thresholds_text);
      const rules = chosenRules(choice.rules, choice.thresholds);
      // Numbered and profiled exactly as resolve's records will be: the pairs name records by number.
      const prepared = await prepareAll(await readNormalisedSources((path) => ctx.workspace.readSlices(path), args.sources));
      deriveProfile(prepared);
      const table = snowflakeDialect.ident(`er_forms_${ctx.call_id.replace(/[^A-Za-z0-9]/g, '_')}`);
      let result;
      try {
        // One INSERT made at a time from the records: the forms are never all held as rows or SQL text.
        const rows = (function* () {
          for (let i = 0; i < prepared.length; i++) yield matchTableRow(prepared[i]!, i);
        })();
        for (const statement of formsTableSql(table, { columns: MATCH_TABLE_COLUMNS, rows })) await backend.query(statement, { max_rows: 1 });
        result = await backend.query(pushdownSql(rules, { table, mode: 'dedup' }), { max_rows: MAX_PAIRS });
      } finally {
        await backend.query(`DROP TABLE IF EXISTS ${table}`, { max_rows: 1 }).catch(() => undefined);
      }
      if (result.truncated) throw new ToolError(TOOL_ID, `The rules match more than ${MAX_PAIRS.toLocaleString('en')} pairs in this table; choose stricter rules.`);
      const matches = pairsToMatches(result.rows);
      const triples = [];
      for (let i = 0; i < matches.length; i += 3) triples.push([matches[i], matches[i + 1], matches[i + 2]]);
      const written = await ctx.workspace.write(args.output, await toCsvInSlices(['left', 'right', 'rules'], triples), 'text/csv');
      ctx.emit('artifact', { step_id: ctx.step_id, ...written });
      return { kind: 'done', output: { ...decision, pairs: written.path, rows_moved: { forms_up: prepared.length, pairs_down: result.rows.length } } };
    }),
});
