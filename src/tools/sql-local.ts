import { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import { RUN_SCOPED, defineTool, ToolError } from './types';
import { sqlRisk } from '../broker/sql-risk';
import { effectOfSql } from './sql-effect';
import { fromRpc } from '../errors';
import type { QueryResult, WorkspaceResult } from '../workspace/workspace-object';
import { batchRanges, batchStatement, csvParts, sumRows } from './sql-batches';
import { letRequestsIn } from '../turns';

const MAX_ROWS_RETURNED = 1000;
/**
 * What one workspace call loads: at most 1,000 records and about 16 KB of them (SQLite's cost is
 * per value: 1,000 rows of the ER cross-check's 40-column forms held the thread 0.1–0.3 s, and
 * ~0.2–0.8 s on a loaded machine, during which a GET to the run waited; ~50 such rows a call now).
 */
const LOAD_ROWS = 1_000;
const LOAD_CHARS = 16 * 1024;
const Identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

/**
 * SQL over workspace tables in the run's own SQLite workspace (spec §7): load CSV artifacts as
 * tables, run statements, return the last result as JSON or CSV (optionally saved as an artifact).
 * With `batch`, one statement runs once per slice of a table's rows (sql-batches.ts).
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
    load: z
      .array(z.strictObject({
        table: Identifier,
        artifact: z.string().min(1),
        index: z.array(z.string().min(1).max(128)).min(1).max(8).optional().describe('Columns to index once loaded, for joins on them'),
      }))
      .max(20)
      .default([]),
    batch: z
      .strictObject({
        table: Identifier,
        rows: z.number().int().min(1).max(100_000),
        sum: z.boolean().default(false).describe('Add the batches\' results up column by column into one row (every value a number), e.g. counts over the whole table'),
      })
      .optional()
      .describe('Run the (single) statement once per `rows` rows of `table`, in load order, each batch readable as the table "batch"; the result is every batch\'s rows in turn, or their sum. For long queries: the run answers between batches'),
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
    const query = async (sql: string[], bindings: number[] = []) => valueOf(fromRpc<WorkspaceResult<QueryResult[]>>(await workspace.query(sql, bindings)));
    try {
      for (const { table, artifact, index } of args.load) {
        // A part at a time, streamed from the file: the workspace object computes synchronously, and
        // the run answers between parts; a table over the in-memory cap is never held whole.
        for await (const part of csvParts(await ctx.workspace.readChunks(artifact), LOAD_ROWS, LOAD_CHARS)) {
          valueOf(await workspace.loadCsv(table, part.csv, { append: part.firstRow > 0, firstRow: part.firstRow, index }));
          await letRequestsIn();
        }
      }
      let last: QueryResult;
      if (args.batch) {
        if (statements.length !== 1) throw new ToolError('sql.local', `batch runs one statement; ${statements.length} were given`);
        const { table, rows: size, sum } = args.batch;
        const [max] = (await query([`SELECT coalesce(max(rowid), 0) FROM "${table}"`]))[0]!.rows[0] as [number];
        const batches: QueryResult[] = [];
        const statement = batchStatement(statements[0]!, table);
        for (const [from, to] of batchRanges(max, size)) {
          const [result] = await query([statement], [from, to]);
          batches.push(sum ? sumRows(result!, batches.pop()) : result!);
          // The workspace call's answer alone does not let a queued request to the run in first.
          await letRequestsIn();
        }
        last = { columns: batches[0]!.columns, rows: batches.flatMap((b) => b.rows), rows_written: 0 };
      } else {
        const results = await query(statements);
        last = results[results.length - 1]!;
      }
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
