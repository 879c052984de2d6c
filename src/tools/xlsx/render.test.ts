import { env } from 'cloudflare:test';
import type ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { call, createTestUser, type TestUser } from '../../../test/helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../../../test/run/drive';
import { authorize } from '../../broker/broker';
import { toolRegistry } from '../registry';
import { loadExcelJS } from './exceljs';

type Action = { id?: string; tool: string; args?: Record<string, unknown> };

async function runActions(actions: Action[]): Promise<{ author: TestUser; runId: string; run: any }> {
  const author = await createTestUser('author');
  const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('render', actions)])));
  return { author, runId, run: await drive(runId, author) };
}

/** Reads the workbook the way a spreadsheet would: the bytes in R2, parsed by exceljs. */
async function readBack(runId: string, path: string): Promise<ExcelJS.Workbook> {
  const object = await env.BUCKET.get(`runs/${runId}/${path}`);
  expect(object, path).not.toBeNull();
  const workbook = new (await loadExcelJS()).Workbook();
  await workbook.xlsx.load((await object!.arrayBuffer()) as never);
  return workbook;
}

const COLUMNS = [
  { key: 'centre', header: 'Cost centre', type: 'text' },
  { key: 'cost', header: 'Cost', type: 'currency' },
  { key: 'share', header: 'Share', type: 'percent' },
  { key: 'units', header: 'Units', type: 'integer', width: 12 },
  { key: 'period', header: 'Period', type: 'date' },
];
const ROWS = [
  { centre: 'Manufacturing — Plant North', cost: 120500.25, share: 0.5, units: 1200, period: '2026-09-30' },
  { centre: 'Sales', cost: 80000.5, share: 0.3333, units: 800, period: '2026-09-30' },
  { centre: 'R&D', cost: 40000, share: 0.1667, units: 400, period: '2026-10-31' },
];

function sheetArgs(extra: Record<string, unknown>) {
  return { name: 'Allocation', columns: COLUMNS, totals: { label: 'Total', sum: ['cost', 'share', 'units'] }, ...extra };
}

function renderAction(args: Record<string, unknown>): Action {
  return { id: 'xlsx', tool: 'xlsx-renderer', args };
}

/** Header bold and frozen, widths set, then every data cell equal to `expected` with its format. */
function expectAllocationSheet(sheet: ExcelJS.Worksheet) {
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS.map((c) => c.header));
  for (let c = 1; c <= COLUMNS.length; c++) expect(sheet.getRow(1).getCell(c).font?.bold, `header ${c}`).toBe(true);
  // Explicit width kept; estimated ones fit the longest text and stay within the cap.
  expect(sheet.getColumn(4).width).toBe(12);
  expect(sheet.getColumn(1).width).toBe('Manufacturing — Plant North'.length + 2);
  for (const c of [2, 3, 5]) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);

  ROWS.forEach((row, i) => {
    const cells = sheet.getRow(i + 2);
    expect(cells.getCell(1).value).toBe(row.centre);
    expect(cells.getCell(2).value).toBe(row.cost);
    expect(cells.getCell(3).value).toBe(row.share);
    expect(cells.getCell(4).value).toBe(row.units);
    expect(cells.getCell(5).value).toEqual(new Date(`${row.period}T00:00:00Z`));
    expect([2, 3, 4, 5].map((c) => cells.getCell(c).numFmt)).toEqual(['#,##0.00', '0.0%', '#,##0', 'yyyy-mm-dd']);
    expect(cells.getCell(1).numFmt).toBeUndefined();
  });

  const totals = sheet.getRow(ROWS.length + 2);
  expect(totals.getCell(1).value).toBe('Total');
  expect(totals.getCell(1).font?.bold).toBe(true);
  const sums = { B: ROWS.reduce((s, r) => s + r.cost, 0), C: ROWS.reduce((s, r) => s + r.share, 0), D: ROWS.reduce((s, r) => s + r.units, 0) };
  Object.entries(sums).forEach(([letter, sum], i) => {
    const cell = totals.getCell(i + 2);
    expect(cell.value).toEqual({ formula: `SUM(${letter}2:${letter}4)`, result: sum });
    expect(cell.numFmt).toBe(['#,##0.00', '0.0%', '#,##0'][i]);
  });
  expect(sheet.rowCount).toBe(ROWS.length + 2);
}

describe('xlsx-renderer', () => {
  it('is registered as a trusted compute tool without side effects', () => {
    expect(toolRegistry().get('xlsx-renderer')!.manifest).toMatchObject({ risk: 'compute', side_effects: false, output_trust: 'trusted' });
  });

  it('renders rows with totals and a Summary sheet that a spreadsheet reads back', async () => {
    const summary = {
      title: 'Product cost allocation — October 2026',
      items: [
        { label: 'Total cost', value: 240500.75, type: 'currency' },
        { label: 'Variances flagged', value: 2, type: 'integer' },
        { label: 'Largest variance', value: '12.5%', type: 'percent' },
        { label: 'Prepared by', value: 'Agent Studio' },
      ],
    };
    const { author, runId, run } = await runActions([renderAction({ path: 'reports/allocation.xlsx', sheets: [sheetArgs({ rows: ROWS })], summary })]);
    expect(run.status, run.status_reason).toBe('done');
    const output = run.steps[0].outputs.xlsx;
    expect(output).toEqual({ path: 'reports/allocation.xlsx', size: expect.any(Number), sheets: [{ name: 'Summary', rows: 4 }, { name: 'Allocation', rows: 3 }] });

    const workbook = await readBack(runId, output.path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Allocation']);
    expectAllocationSheet(workbook.getWorksheet('Allocation')!);

    const front = workbook.getWorksheet('Summary')!;
    expect(front.getCell('A1').value).toBe(summary.title);
    expect(front.getCell('A1').font?.bold).toBe(true);
    expect([3, 4, 5, 6].map((r) => [front.getCell(`A${r}`).value, front.getCell(`B${r}`).value, front.getCell(`B${r}`).numFmt])).toEqual([
      ['Total cost', 240500.75, '#,##0.00'],
      ['Variances flagged', 2, '#,##0'],
      ['Largest variance', 0.125, '0.0%'],
      ['Prepared by', 'Agent Studio', undefined],
    ]);
    expect(front.getColumn(1).width).toBe('Variances flagged'.length + 2);

    // The download a controller gets is the same workbook, served as a spreadsheet.
    const download = await call('GET', `/runs/${runId}/artifacts/${output.path}`, author);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await download.arrayBuffer()).byteLength).toBe(output.size);
  });

  it('renders from a CSV artifact, typing each column', async () => {
    const csv = [
      'centre,cost,share,units,period,ignored',
      '"Manufacturing — Plant North","$120,500.25",50%,"1,200",2026-09-30,x',
      'Sales,80000.50,33.33%,800,2026-09-30,y',
      'R&D,40000,0.1667,400,2026-10-31,z',
      '',
    ].join('\n');
    const { runId, run } = await runActions([
      { tool: 'kbagent.workspace_artifact', args: { path: 'data/allocation.csv', content: csv } },
      renderAction({ path: 'allocation.xlsx', sheets: [sheetArgs({ from: { artifact: 'data/allocation.csv' } })] }),
    ]);
    expect(run.status, run.status_reason).toBe('done');
    expect(run.steps[0].outputs.xlsx.sheets).toEqual([{ name: 'Allocation', rows: 3 }]);
    const workbook = await readBack(runId, 'allocation.xlsx');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Allocation']);
    expectAllocationSheet(workbook.getWorksheet('Allocation')!);
  });

  // exceljs must keep no per-isolate state tied to one Durable Object (see ./exceljs.ts), nor
  // log the workbook's contents through workerd's always-on util.debuglog.
  it('renders in two runs at once, and logs nothing of the data', async () => {
    const log = vi.spyOn(console, 'log');
    try {
      const runs = await Promise.all([1, 2].map(() => runActions([renderAction({ path: 'a.xlsx', sheets: [sheetArgs({ rows: ROWS })] })])));
      for (const { runId, run } of runs) {
        expect(run.status, run.status_reason).toBe('done');
        expectAllocationSheet((await readBack(runId, 'a.xlsx')).getWorksheet('Allocation')!);
      }
      expect(log.mock.calls.filter((args) => String(args[0]).startsWith('STREAM'))).toEqual([]);
    } finally {
      log.mockRestore();
    }
  });

  it('leaves the header unfrozen when asked and writes an empty sheet without a formula', async () => {
    const { runId, run } = await runActions([
      renderAction({ path: 'empty.xlsx', sheets: [{ ...sheetArgs({ rows: [] }), freeze_header: false }] }),
    ]);
    expect(run.status, run.status_reason).toBe('done');
    const sheet = (await readBack(runId, 'empty.xlsx')).getWorksheet('Allocation')!;
    expect(sheet.views ?? []).toEqual([]);
    expect(sheet.getRow(2).getCell(2).value).toBe(0);
  });

  it('refuses invalid arguments, naming the path', () => {
    const step = scriptedStep('render', [renderAction({})]) as never;
    const refusal = (args: Record<string, unknown>) => {
      const auth = authorize({ tool_id: 'xlsx-renderer', args, step });
      expect(auth.kind).toBe('refuse');
      return (auth as { reason: string }).reason;
    };
    const base = { path: 'out.xlsx' };
    expect(refusal({ ...base, sheets: [sheetArgs({ rows: ROWS, name: 'Q3/Q4' })] })).toContain('sheets[0].name: a sheet name may not contain');
    expect(refusal({ ...base, sheets: [sheetArgs({ rows: ROWS, name: 'x'.repeat(32) })] })).toContain('sheets[0].name: a sheet name has at most 31 characters');
    expect(refusal({ ...base, sheets: [sheetArgs({ rows: ROWS, from: { artifact: 'a.csv' } })] })).toContain('sheets[0].from: give exactly one of `rows` or `from`');
    expect(refusal({ ...base, sheets: [sheetArgs({})] })).toContain('sheets[0].rows: give exactly one of `rows` or `from`');
    expect(refusal({ ...base, sheets: [sheetArgs({ rows: ROWS, totals: { label: 'T', sum: ['cost', 'margin'] } })] })).toContain(
      'sheets[0].totals.sum[1]: "margin" is not one of this sheet\'s column keys',
    );
    expect(refusal({ ...base, sheets: [sheetArgs({ rows: ROWS, totals: { label: 'T', sum: ['period'] } })] })).toContain('only numeric columns can be summed');
    expect(refusal({ path: 'out.csv', sheets: [sheetArgs({ rows: ROWS })] })).toContain('path: must be a workspace path ending in .xlsx');
    expect(refusal({ ...base, sheets: [sheetArgs({ rows: ROWS, name: 'summary' })], summary: { title: 'S', items: [] } })).toContain(
      'sheets[0].name: sheet name "summary" is used by the summary sheet',
    );
  });

  it('fails the step on refused arguments in a run, with the path in the reason', async () => {
    const { runId, run } = await runActions([renderAction({ path: 'bad.xlsx', sheets: [sheetArgs({ rows: ROWS, name: 'a:b' })] })]);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toContain('sheets[0].name');
    expect(await env.BUCKET.head(`runs/${runId}/bad.xlsx`)).toBeNull();
  });

  it('fails the step clearly when the CSV artifact is missing or a value does not fit its column', async () => {
    const missing = await runActions([renderAction({ path: 'x.xlsx', sheets: [sheetArgs({ from: { artifact: 'data/nowhere.csv' } })] })]);
    expect(missing.run.status).toBe('failed');
    expect(missing.run.status_reason).toContain('Sheet "Allocation" reads from "data/nowhere.csv", which is not in this run\'s workspace');
    expect(await env.BUCKET.head(`runs/${missing.runId}/x.xlsx`)).toBeNull();

    const wrong = await runActions([renderAction({ path: 'x.xlsx', sheets: [sheetArgs({ rows: [{ ...ROWS[0], cost: 'twelve' }] })] })]);
    expect(wrong.run.status).toBe('failed');
    expect(wrong.run.status_reason).toContain('Sheet "Allocation", row 2, column "cost": "twelve" is not a valid currency');
  });
});
