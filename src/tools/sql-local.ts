import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import { RUN_SCOPED, defineTool, ToolError } from './types';
import { sqlRisk } from '../broker/sql-risk';
import { effectOfSql } from './sql-effect';
import { fromRpc } from '../errors';
import type { QueryResult, WorkspaceResult } from '../workspace/workspace-object';

const MAX_ROWS_RETURNED = 1000;

/**
 * SQL over workspace tables in the run's own SQLite workspace (spec §7): load CSV artifacts as
 * tables, run statements, return the last result as JSON or CSV (optionally saved as an artifact).
 */
export const sqlLocal = defineTool({
  id: 'sql.local',
  provider: 'kbagent',
  description: 'Run SQLite SQL over this run\'s workspace tables. Load CSV artifacts as tables first with `load`.',
  risk: 'compute',
  side_effects: false,
  output_trust: 'untrusted',
  tags: [RUN_SCOPED],
  riskOf: (args) => effectOfSql(sqlRisk(args.statements, 'sqlite')),
  args: z.strictObject({
    statements: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(50)]),
    load: z.array(z.strictObject({ table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), artifact: z.string().min(1) })).max(20).default([]),
    format: z.enum(['json', 'csv']).default('json'),
    save_as: z.string().min(1).max(512).optional(),
    max_rows: z.number().int().positive().max(MAX_ROWS_RETURNED).default(200),
  }),
  execute: async (args, ctx) => {
    const workspace = ctx.env.WORKSPACE.get(ctx.env.WORKSPACE.idFromName(ctx.run_id));
    const statements = typeof args.statements === 'string' ? [args.statements] : args.statements;
    const valueOf = <T>(result: WorkspaceResult<T>): T => {
      if (!result.ok) throw new ToolError('sql.local', result.error);
      return result.value;
    };
    try {
      for (const { table, artifact } of args.load) valueOf(await workspace.loadCsv(table, await ctx.workspace.read(artifact)));
      const results = valueOf(fromRpc<WorkspaceResult<QueryResult[]>>(await workspace.query(statements)));
      const last = results[results.length - 1]!;
      const csv = Papa.unparse({ fields: last.columns, data: last.rows });
      const saved = args.save_as ? await ctx.workspace.write(args.save_as, csv, 'text/csv; charset=utf-8') : undefined;
      const rows = last.rows.slice(0, args.max_rows);
      const output =
        args.format === 'csv'
          ? { csv: Papa.unparse({ fields: last.columns, data: rows }), row_count: last.rows.length }
          : { columns: last.columns, rows, row_count: last.rows.length };
      return { kind: 'done', output: { ...output, truncated: last.rows.length > rows.length, ...(saved ? { saved_as: saved.path } : {}) } };
    } catch (error) {
      throw new ToolError('sql.local', error instanceof Error ? error.message : String(error), { cause: error });
    }
  },
});
