import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { allocationSheet } from '../lib/allocation-sheet';
import { readCsv, requireColumns, toCsv } from '../lib/csv';
import { varianceEffects } from '../lib/effects';
import {
  allocationRows, byProductFields, byProductRows, periodCheck, reconciliationRows, RECONCILIATION_FIELDS, varianceFields, varianceRows,
  type Checks, type Classifications, type ComparisonRow,
} from '../lib/report-model';
import { slackText, summaryItems, summaryMarkdown, type Headline } from '../lib/report-text';

/** Reads and writes only the run workspace. */
export const risk = 'compute';


export const description =
  'Compose the cost-allocation report from the run workspace: the reconciliation (check_allocation save_as), the comparison and the ' +
  'controller\'s classifications (variance-detector detect and record_classifications) and the allocation CSV. Writes summary.md ' +
  '(with the answers) and the CSVs of the workbook sheets (allocation, by-product, reconciliation, variances, with volume and ' +
  'pool effects per flagged product) under out_dir, and returns the Summary sheet items, the Allocation sheet columns and the Slack text.';

export const args = z.strictObject({
  period: z.string().min(1).max(32),
  prior_period: z.string().min(1).max(32),
  run_id: z.string().min(1).max(128),
  workbook_url: z.string().min(1).max(2048).describe('Where the workbook is downloaded, for the summary and the Slack text'),
  allocation: z.string().min(1).max(512).default('allocation/result.csv').describe('The allocation result of both periods'),
  checks: z.string().min(1).max(512).default('reconciliation/checks.json'),
  comparison: z.string().min(1).max(512).default('variances/all.csv').describe('detect\'s save_as'),
  classifications: z.string().min(1).max(512).default('variances/classifications.json').describe('record_classifications\' save_as'),
  out_dir: z.string().min(1).max(256).regex(/^[\w.-]+(\/[\w.-]+)*$/, 'a workspace folder such as "reports"').default('reports'),
});

type Input = z.infer<typeof args>;

export async function run(input: Input, ctx: SkillScriptContext) {
  const checks = await readJson<Checks>(ctx, input.checks, 'periods');
  const classified = await readJson<Classifications>(ctx, input.classifications, 'items');
  const itemColumn = classified.item_column;
  const allocation = await readCsv(ctx, input.allocation);
  requireColumns(input.allocation, allocation.fields, ['period', 'cost_center', itemColumn, checks.allocated_column]);
  const comparison = await readComparison(ctx, input.comparison, itemColumn);

  const sheet = allocationSheet(allocation.fields, allocation.rows, input.period, itemColumn, checks.allocated_column);
  const effects = varianceEffects(allocationRows(allocation.rows, itemColumn, checks.allocated_column), input.prior_period, input.period);
  const current = periodCheck(checks, input.period);
  const headline: Headline = {
    period: input.period, prior_period: input.prior_period, current, prior: periodCheck(checks, input.prior_period),
    tolerance: checks.tolerance, classified, run_id: input.run_id, workbook_url: input.workbook_url,
  };

  const dir = input.out_dir;
  const files = [
    await write(ctx, `${dir}/allocation.csv`, toCsv(sheet.fields, sheet.rows)),
    await write(ctx, `${dir}/by-product.csv`, toCsv(byProductFields(itemColumn), byProductRows(comparison, new Map(classified.items.map((v) => [v.item, v])), itemColumn))),
    await write(ctx, `${dir}/reconciliation.csv`, toCsv(RECONCILIATION_FIELDS, reconciliationRows(current))),
    await write(ctx, `${dir}/variances.csv`, toCsv(varianceFields(itemColumn), varianceRows(classified.items, effects, itemColumn))),
    await write(ctx, `${dir}/summary.md`, summaryMarkdown(headline), 'text/markdown; charset=utf-8'),
  ];
  return {
    summary: { title: `Product cost allocation ${input.period}`, items: summaryItems(headline) },
    allocation_sheet: { columns: sheet.columns, totals: sheet.totals },
    slack_text: slackText(headline),
    totals: { cost: current.cost, allocated: current.allocated, difference: current.difference },
    files,
  };
}

async function readJson<T>(ctx: SkillScriptContext, path: string, needs: string): Promise<T> {
  let doc: unknown;
  try {
    doc = JSON.parse(await ctx.readArtifact(path));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`"${path}" is not JSON`);
    throw error;
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as Record<string, unknown>)[needs])) throw new Error(`"${path}" has no "${needs}" list`);
  return doc as T;
}

async function readComparison(ctx: SkillScriptContext, path: string, itemColumn: string): Promise<ComparisonRow[]> {
  const { fields, rows } = await readCsv(ctx, path);
  requireColumns(path, fields, [itemColumn, 'prior', 'current', 'change', 'change_pct', 'status', 'flagged']);
  return rows.map((r) => ({
    item: r[itemColumn] ?? '',
    prior: Number(r.prior),
    current: Number(r.current),
    change: Number(r.change),
    change_pct: r.change_pct === '' || r.change_pct === undefined ? null : Number(r.change_pct),
    status: r.status ?? '',
    flagged: r.flagged === 'yes',
  }));
}

async function write(ctx: SkillScriptContext, path: string, body: string, type = 'text/csv; charset=utf-8'): Promise<string> {
  const written = await ctx.writeArtifact(path, body, type);
  ctx.emit('artifact', { step_id: ctx.step_id, ...written });
  return written.path;
}
