import { defineTool, ToolError } from '../types';
import { loadExcelJS } from './exceljs';
import { SUMMARY_SHEET, XlsxArgs } from './schema';
import { TOOL_ID, typedRows } from './source';
import { CellTypeError, typedValue } from './values';
import { fillWorkbook, type TypedSheet, type TypedSummary } from './workbook';

/**
 * Tabular data to a real .xlsx in the run's workspace (issue 7): bold frozen header, column
 * widths, number formats, an optional totals row and a Summary sheet. Compute risk like
 * sql.local: it only writes inside the run's own workspace.
 */
export const xlsxRenderer = defineTool({
  id: TOOL_ID,
  provider: 'kbagent',
  description:
    'Render tables to an Excel workbook (.xlsx) in this run\'s workspace: one sheet per table, from `rows` or a CSV artifact (`from`), ' +
    'typed columns (currency, percent as a fraction or "12.5%", integer, date as YYYY-MM-DD), optional totals row and Summary sheet.',
  risk: 'compute',
  side_effects: false,
  output_trust: 'trusted',
  tags: ['workspace'],
  args: XlsxArgs,
  execute: async (args, ctx) => {
    const sheets: TypedSheet[] = [];
    for (const spec of args.sheets) sheets.push({ spec, rows: await typedRows(ctx.workspace, spec) });
    const summary = args.summary ? typedSummary(args.summary) : undefined;

    const ExcelJS = await loadExcelJS();
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Agent Studio';
    fillWorkbook(workbook, sheets, summary);
    const buffer = await workbook.xlsx.writeBuffer();

    const written = await ctx.workspace.write(args.path, new Uint8Array(buffer));
    ctx.emit('artifact', { step_id: ctx.step_id, ...written });
    const counts = [
      ...(summary ? [{ name: SUMMARY_SHEET, rows: summary.items.length }] : []),
      ...sheets.map((s) => ({ name: s.spec.name, rows: s.rows.length })),
    ];
    return { kind: 'done', output: { path: written.path, size: written.size, sheets: counts } };
  },
});

function typedSummary(summary: NonNullable<XlsxArgs['summary']>): TypedSummary {
  return {
    title: summary.title,
    items: summary.items.map((item, i) => {
      const type = item.type ?? (typeof item.value === 'number' ? 'number' : 'text');
      try {
        return { label: item.label, value: typedValue(item.value, type), type };
      } catch (error) {
        if (error instanceof CellTypeError) throw new ToolError(TOOL_ID, `summary.items[${i}].value: ${error.message}`);
        throw error;
      }
    }),
  };
}
