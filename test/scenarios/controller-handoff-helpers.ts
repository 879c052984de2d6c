/**
 * Shared steps of the controller hand-off scenario (spec §10 B, issue 7): the author's fork with
 * their SQL, a run driven to its classification question, the controller's answers from the
 * sample's ground truth, and the workbook read back as a spreadsheet would.
 */
import type ExcelJS from 'exceljs';
import { expect } from 'vitest';
import Papa from 'papaparse';
import varianceTruth from '../../sample/ground-truth/cost-variances.csv?raw';
import { loadExcelJS } from '../../src/tools/xlsx/exceljs';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';

export const BLUEPRINT = 'product-cost-allocation';
export const PERIOD = '2026-10';
export const PRIOR = '2026-09';
export const WORKBOOK = 'reports/cost-allocation.xlsx';

/**
 * The author's own allocation SQL: the same driver-based method as the blueprint's default, written
 * their way (driver quantities kept as a column, rows ordered). `pools` can be narrowed to break it.
 */
export function authorSql(poolFilter = ''): string {
  return `-- Dana's month-end allocation: each cost centre's GL pool split by driver quantity
WITH pools AS (
  SELECT period, cost_center, SUM(amount) AS pool
  FROM "in.c-finance.gl_costs"
  WHERE period = :period ${poolFilter}
  GROUP BY period, cost_center
),
drivers AS (
  SELECT period, cost_center, product_id, driver_qty,
         SUM(driver_qty) OVER (PARTITION BY period, cost_center) AS centre_qty
  FROM "in.c-finance.allocation_drivers"
  WHERE period = :period AND driver_qty > 0
)
SELECT d.period, d.cost_center, d.product_id, d.driver_qty,
       d.driver_qty * 1.0 / d.centre_qty AS driver_share,
       p.pool * d.driver_qty / d.centre_qty AS allocated_amount
FROM drivers d
JOIN pools p ON p.period = d.period AND p.cost_center = d.cost_center
ORDER BY d.cost_center, d.product_id`;
}

/** No Keboola token: the tools run on the built-in sample project. */
export async function useSampleProject(): Promise<void> {
  const admin = await createTestUser('admin');
  await call('DELETE', '/vault/keboola_token', admin);
}

export type Fork = { id: string; spec: any };

/** Fork the blueprint through the API, then save the author's SQL (and any other change) as revision 2. */
export async function forkWithSql(author: TestUser, name: string, sql: string, change: (spec: any) => Record<string, unknown> = () => ({})): Promise<Fork> {
  const forked = await call('POST', `/blueprints/${BLUEPRINT}/fork`, author, { json: { name } });
  expect(forked.status, await forked.clone().text()).toBe(201);
  const { id, spec } = await json(forked);
  const inputs = spec.inputs.map((i: any) => (i.name === 'allocation_sql' ? { ...i, default: sql } : i));
  const patched = await call('PATCH', `/playbooks/${id}`, author, { json: { inputs, ...change(spec) } });
  expect(patched.status, await patched.clone().text()).toBe(200);
  const saved = await json(patched);
  expect(saved).toMatchObject({ revision: 2, source_blueprint: BLUEPRINT });
  // Her SQL is a draft until she publishes it; the controller runs the published revision.
  const published = await call('POST', `/playbooks/${id}/publish`, author, { json: { revision: 2 } });
  expect(published.status, await published.clone().text()).toBe(200);
  return { id, spec: saved.spec };
}

/** Start a run with the period and a test channel, and drive it until it waits for a person or ends. */
export async function startAndDrive(user: TestUser, playbookId: string, channel: string): Promise<any> {
  const res = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs: { period: PERIOD, slack_channel: channel } } });
  expect(res.status, await res.clone().text()).toBe(201);
  return drive((await json(res)).id, user);
}

export type Truth = { product_id: string; prior_allocated: string; current_allocated: string; change_pct: string; flagged: string; expected_classification: string };

export function groundTruth(): Truth[] {
  return Papa.parse<Truth>(varianceTruth, { header: true, skipEmptyLines: true }).data;
}

export const flaggedTruth = () => groundTruth().filter((t) => t.flagged === 'yes');

/** The controller's comments on two of the rows; the others get none. */
export const COMMENTS: Record<string, string> = {
  'P-1012': 'units_shipped driver for CC-200 posted twice in 2026-10',
  'P-2001': 'came with Nordlys Foods and the Oslo plant CC-130',
};

export function pendingQuestion(run: any): any {
  const question = run.questions.find((q: any) => q.status === 'pending');
  expect(question, `no pending question; run is ${run.status}: ${run.status_reason ?? ''}`).toBeTruthy();
  return question;
}

/** The products the classification question has a row for. */
export function askedItems(question: any): string[] {
  return question.rows.map((r: any) => r.value);
}

/** The ground truth's class for every row, with the controller's comments. */
export function truthAnswer(question: any): { row: string; choice: string; comment?: string }[] {
  const truth = new Map(groundTruth().map((t) => [t.product_id, t.expected_classification]));
  return askedItems(question).map((row) => ({ row, choice: truth.get(row)!, ...(COMMENTS[row] ? { comment: COMMENTS[row] } : {}) }));
}

/** Answers the classification grid with the ground truth; returns the run settled after that (waiting for the Slack approval). */
export async function classifyAsTruth(user: TestUser, runId: string, run: any): Promise<any> {
  const grid = pendingQuestion(run);
  expect(grid.kind).toBe('grid');
  const res = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: grid.id, answer: truthAnswer(grid) } });
  expect(res.status, await res.clone().text()).toBe(200);
  return drive(runId, user);
}

/** Downloads the workbook through the API, as the person would, and opens it with exceljs. */
export async function downloadWorkbook(user: TestUser, runId: string): Promise<ExcelJS.Workbook> {
  const res = await call('GET', `/runs/${runId}/artifacts/${WORKBOOK}`, user);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/spreadsheetml|octet-stream/);
  const workbook = new (await loadExcelJS()).Workbook();
  await workbook.xlsx.load((await res.arrayBuffer()) as never);
  return workbook;
}

export async function artifactText(user: TestUser, runId: string, path: string): Promise<string> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return res.text();
}

export function csvRecords(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** A sheet's rows below the header as arrays of cell values (exceljs rows are 1-based). */
export function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

export const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
