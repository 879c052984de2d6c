import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import { sqlRisk } from '../../broker/sql-risk';
import { effectOfSql } from '../sql-effect';
import { defineTool, ToolError } from '../types';
import { ArtifactPath, BranchArg, onBranch, withKeboola } from './shared';

const TOOL_ID = 'keboola.workspace.query';

/**
 * SQL in a workspace (spec §7): a Keboola workspace through the Query Service, or the run's own
 * SQLite for the sample project. Results are outside data, so the output is untrusted; `save_as`
 * keeps the returned rows as a CSV in the run's workspace.
 */
export const keboolaWorkspaceQuery = defineTool({
  id: TOOL_ID,
  provider: 'keboola',
  description:
    'Run one SQL statement in the Keboola workspace (Snowflake/BigQuery dialect of the project; SQLite on the sample project) and return up to max_rows rows. save_as writes them to the workspace as CSV.',
  risk: 'compute',
  side_effects: false,
  output_trust: 'untrusted',
  tags: ['keboola', 'sql'],
  approvalTitle: () => 'Run SQL in the Keboola workspace',
  riskOf: (args) => effectOfSql(sqlRisk(args.sql)),
  args: z.strictObject({
    sql: z.string().min(1).max(100_000),
    max_rows: z.number().int().min(1).max(10_000).default(1_000),
    save_as: ArtifactPath.optional(),
    branch: BranchArg,
  }),
  execute: async (args, ctx) =>
    withKeboola(TOOL_ID, onBranch(ctx, args.branch), async (backend) => {
      const result = await backend.query(args.sql, { max_rows: args.max_rows });
      let saved_as: string | undefined;
      if (args.save_as) {
        // A saved file is read later as the whole result; a silently shortened one would lose rows.
        if (result.truncated) {
          throw new ToolError(TOOL_ID, `The result has ${result.row_count} rows, more than max_rows (${args.max_rows}); "${args.save_as}" would lose rows, so nothing was saved. Aggregate in SQL or raise max_rows (at most 10,000).`);
        }
        const csv = Papa.unparse({ fields: result.columns, data: result.rows as unknown[][] }, { newline: '\n' });
        const written = await ctx.workspace.write(args.save_as, csv, 'text/csv; charset=utf-8');
        ctx.emit('artifact', { step_id: ctx.step_id, ...written });
        saved_as = written.path;
      }
      return { kind: 'done', output: { backend: backend.kind, ...result, ...(saved_as ? { saved_as } : {}) } };
    }),
});
