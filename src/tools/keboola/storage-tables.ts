import { z } from '@hono/zod-openapi';
import { CsvTally, csvShape } from '../../connections/keboola/csv';
import { defineTool, type ToolContext } from '../types';
import { STREAMED_ARTIFACT_MAX_BYTES } from '../../workspace/limits';
import { ArtifactPath, BucketId, TableId, BranchArg, onBranch, withKeboola } from './shared';

const TOOL_ID = 'keboola.storage.tables';
/** Lines of an exported file shown inline; the rest stays in the workspace artifact. */
const HEAD_LINES = 21;

/**
 * Reads Keboola Storage (spec §7): list buckets and tables, a table's detail, a preview (Storage
 * caps it at 1,000 rows) or the whole table through async export. Rows are outside data, so the
 * output is untrusted; an export always lands in the workspace and the model sees its head.
 */
export const keboolaStorageTables = defineTool({
  id: TOOL_ID,
  provider: 'keboola',
  description:
    `Read Keboola Storage. action "list" (optionally in bucket_id) lists tables with columns; "detail" describes table_id; "preview" returns up to \`limit\` rows as CSV; "export" downloads the whole table into the workspace (save_as, default keboola/<table_id>.csv) and returns the path, row count and head; it streams, so a table of up to ${STREAMED_ARTIFACT_MAX_BYTES / 1024 / 1024} MiB fits, and sql.local \`load\` reads it as a table.`,
  risk: 'read',
  side_effects: false,
  output_trust: 'untrusted',
  tags: ['keboola', 'storage'],
  args: z
    .strictObject({
      action: z.enum(['list', 'detail', 'preview', 'export']),
      bucket_id: BucketId.optional(),
      table_id: TableId.optional(),
      limit: z.number().int().min(1).max(1_000).default(100),
      save_as: ArtifactPath.optional(),
      branch: BranchArg,
    })
    .superRefine((args, issues) => {
      if (args.action !== 'list' && !args.table_id) issues.addIssue({ code: 'custom', path: ['table_id'], message: `action "${args.action}" needs table_id` });
    }),
  execute: async (args, ctx) =>
    withKeboola(TOOL_ID, onBranch(ctx, args.branch), async (backend) => {
      if (args.action === 'list') {
        const [tables, buckets] = await Promise.all([backend.listTables(args.bucket_id), args.bucket_id ? undefined : backend.listBuckets()]);
        return done({ backend: backend.kind, ...(buckets ? { buckets } : {}), tables });
      }
      const tableId = args.table_id!;
      if (args.action === 'detail') return done({ backend: backend.kind, table: await backend.tableDetail(tableId) });
      if (args.action === 'preview') {
        const csv = await backend.preview(tableId, args.limit);
        const shape = csvShape(csv);
        const saved = args.save_as ? await save(ctx, args.save_as, csv) : undefined;
        return done({ backend: backend.kind, table_id: tableId, columns: shape.columns, row_count: shape.rows, csv, ...(saved ? { saved_as: saved } : {}) });
      }
      // Streamed from the export file into the workspace: a table beyond one page is never held whole.
      const tally = new CsvTally();
      const written = await ctx.workspace.writeStream(args.save_as ?? `keboola/${tableId}.csv`, tally.through(await backend.exportChunks(tableId)), 'text/csv; charset=utf-8');
      ctx.emit('artifact', { step_id: ctx.step_id, ...written });
      const shape = tally.shape(HEAD_LINES);
      return done({ backend: backend.kind, table_id: tableId, columns: shape.columns, row_count: shape.rows, saved_as: written.path, head: shape.head });
    }),
});

async function save(ctx: ToolContext, path: string, csv: string): Promise<string> {
  const written = await ctx.workspace.write(path, csv, 'text/csv; charset=utf-8');
  ctx.emit('artifact', { step_id: ctx.step_id, ...written });
  return written.path;
}

function done(output: Record<string, unknown>) {
  return { kind: 'done' as const, output };
}
