import { z } from '@hono/zod-openapi';
import type { KeboolaBackend } from '../../connections/keboola/backend';
import { csvShape } from '../../connections/keboola/csv';
import { defineTool, ToolError } from '../types';
import { ArtifactPath, TableId, BranchArg, onBranch, withKeboola } from './shared';
import { DIFF_MAX_ROWS, tableDiff, writePreview, type TableDiff } from './write-preview';

const TOOL_ID = 'keboola.storage.write';
/** Inline CSV stays small; anything bigger goes through a workspace artifact. */
const MAX_INLINE_CSV = 512 * 1024;
/** Storage column names: letters, digits and underscores, at most 64 characters. */
const COLUMN = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Loads CSV into a Keboola Storage table (spec §7): creates the table (and its bucket) when it is
 * missing, else imports — a full load, or incremental. An incremental load is `write`, so by
 * default the Broker runs the dry run first; a full load is `destructive` (riskOf), so a person
 * approves it after seeing the dry run, which validates the CSV against the target and says how
 * many rows it replaces. The import itself is sent once and never retried (a repeat duplicates rows).
 */
export const keboolaStorageWrite = defineTool({
  id: TOOL_ID,
  provider: 'keboola',
  description:
    'Write CSV (inline `csv`, or a workspace file `artifact`) into a Keboola Storage table. Creates the table if missing (with primary_key), else imports: full load, or `incremental: true` to append/upsert.',
  risk: 'write',
  side_effects: true,
  supports_dry_run: true,
  output_trust: 'trusted',
  tags: ['keboola', 'storage'],
  approvalTitle: (args) => `${args.incremental ? 'Incrementally load' : 'Full load of'} CSV into Keboola table ${args.table_id}`,
  // A full load replaces every row of an existing table: destructive by its arguments alone (the dry
  // run says how many rows). Creating a table is the same call, so it is classed by the worse case.
  riskOf: (args) => (args.incremental ? null : { risk: 'destructive', reason: `a full load replaces every row of ${args.table_id} if it exists` }),
  reads: (args) => (args.artifact ? [args.artifact] : []),
  args: z
    .strictObject({
      table_id: TableId,
      csv: z.string().min(1).max(MAX_INLINE_CSV).optional(),
      artifact: ArtifactPath.optional(),
      incremental: z.boolean().default(false),
      primary_key: z.array(z.string().regex(COLUMN, 'a column name (letters, digits, _)')).min(1).max(32).optional(),
      branch: BranchArg,
    })
    .superRefine((args, issues) => {
      if ((args.csv === undefined) === (args.artifact === undefined)) issues.addIssue({ code: 'custom', path: ['csv'], message: 'give exactly one of csv or artifact' });
    }),
  execute: async (args, ctx) => {
    const csv = args.csv ?? (await ctx.workspace.read(args.artifact!));
    return withKeboola(TOOL_ID, onBranch(ctx, args.branch), async (backend) => {
      const plan = await planWrite(backend, args, csv);
      // Only the dry run carries content (masked): it is shown to the person approving, never returned as the call's result.
      if (ctx.dry_run) return { kind: 'done', output: { dry_run: true, would: plan, preview: { ...writePreview(csv), ...(await diffOf(backend, plan, csv)) } } };
      const written = await backend.importCsv(args.table_id, csv, { incremental: args.incremental, ...(args.primary_key ? { primary_key: args.primary_key } : {}) });
      return { kind: 'done', output: { ...plan, ...written, action: written.created ? 'created' : 'imported' } };
    });
  },
});

type Args = { table_id: string; incremental: boolean; primary_key?: string[] | undefined };
type Plan = Awaited<ReturnType<typeof planWrite>>;

/** Into an existing table: the load row by row against what the table holds now, where that is cheap to read. */
async function diffOf(backend: KeboolaBackend, plan: Plan, csv: string): Promise<{ diff?: TableDiff }> {
  if (plan.action !== 'import') return {};
  const compared_by = plan.primary_key;
  if (compared_by.length === 0) return { diff: { compared_by, skipped: 'the table has no primary key to match rows by' } };
  if ((plan.current_rows ?? Infinity) > DIFF_MAX_ROWS || plan.rows > DIFF_MAX_ROWS) return { diff: { compared_by, skipped: `more than ${DIFF_MAX_ROWS.toLocaleString('en')} rows on one side` } };
  return { diff: tableDiff(await backend.exportCsv(plan.table_id), csv, compared_by, plan.incremental) };
}

/** Everything the write would do, checked with reads only: the dry run's answer and the real run's preflight. */
async function planWrite(backend: KeboolaBackend, args: Args, csv: string) {
  const { columns, rows } = csvShape(csv);
  const fail = (message: string): never => { throw new ToolError(TOOL_ID, message); };
  if (columns.length === 0) fail('The CSV is empty: it needs a header row naming the columns.');
  const bad = columns.filter((c) => !COLUMN.test(c));
  if (bad.length) fail(`Storage column names may hold only letters, digits and underscores: ${bad.map((c) => JSON.stringify(c)).join(', ')}.`);
  const duplicated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (duplicated.length) fail(`The CSV header repeats ${[...new Set(duplicated)].join(', ')}.`);
  const bucketId = args.table_id.split('.').slice(0, 2).join('.');
  // Listing a bucket that does not exist is an error on Keboola: look for the bucket first.
  const bucketExists = (await backend.listBuckets()).some((b) => b.id === bucketId);
  const existing = bucketExists ? (await backend.listTables(bucketId)).find((t) => t.id === args.table_id) : undefined;
  if (!existing) {
    const missingKey = (args.primary_key ?? []).filter((k) => !columns.includes(k));
    if (missingKey.length) fail(`primary_key names ${missingKey.join(', ')}, which the CSV does not have.`);
    return { table_id: args.table_id, action: 'create' as const, rows, columns, primary_key: args.primary_key ?? [], incremental: false, creates_bucket: !bucketExists };
  }
  // Storage refuses an import whose CSV lacks some of the table's columns; extra columns are added to the table.
  const missing = existing.columns.filter((c) => !columns.includes(c));
  if (missing.length) fail(`The CSV lacks columns of ${args.table_id}: ${missing.join(', ')}.`);
  return {
    table_id: args.table_id, action: 'import' as const, rows, columns, primary_key: existing.primary_key, incremental: args.incremental,
    new_columns: columns.filter((c) => !existing.columns.includes(c)), current_rows: existing.rows_count,
    ...(args.incremental ? {} : { replaces_rows: existing.rows_count }),
  };
}
