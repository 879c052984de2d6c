import type { Workbook, Worksheet } from 'exceljs';
import { SUMMARY_SHEET, type ColumnSpec, type ColumnType, type SheetSpec } from './schema';
import { DEFAULT_FORMATS, estimateWidth, type CellValue } from './values';

/** A data sheet with its rows already typed, column by column. */
export type TypedSheet = { spec: SheetSpec; rows: CellValue[][] };
export type TypedSummary = { title: string; items: { label: string; value: CellValue; type: ColumnType }[] };

const BOLD = { bold: true } as const;

/** Fills `workbook` (a fresh exceljs Workbook): the Summary sheet first when asked, then each data sheet. */
export function fillWorkbook(workbook: Workbook, sheets: readonly TypedSheet[], summary: TypedSummary | undefined): void {
  if (summary) addSummary(workbook, summary);
  for (const sheet of sheets) addDataSheet(workbook, sheet);
}

function addDataSheet(workbook: Workbook, { spec, rows }: TypedSheet): void {
  const sheet = workbook.addWorksheet(spec.name, spec.freeze_header ? { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] } : {});
  const header = sheet.addRow(spec.columns.map((c) => c.header));
  header.eachCell((cell) => (cell.font = BOLD));
  for (const values of rows) {
    const row = sheet.addRow(values);
    spec.columns.forEach((column, i) => applyFormat(row.getCell(i + 1), column));
  }
  if (spec.totals) addTotals(sheet, spec, rows);
  spec.columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width ?? estimateWidth(column.header, rows.map((r) => r[i] ?? null), column.type);
  });
}

/**
 * The totals row carries a SUM formula and its value computed here, so readers that do not
 * recalculate (previews, pandas, the test) see the same number Excel will.
 */
function addTotals(sheet: Worksheet, spec: SheetSpec, rows: readonly CellValue[][]): void {
  const row = sheet.getRow(rows.length + 2);
  row.getCell(1).value = spec.totals!.label;
  row.getCell(1).font = BOLD;
  for (const key of spec.totals!.sum) {
    const index = spec.columns.findIndex((c) => c.key === key);
    const cell = row.getCell(index + 1);
    const result = rows.reduce((sum, r) => sum + (typeof r[index] === 'number' ? (r[index] as number) : 0), 0);
    const letter = sheet.getColumn(index + 1).letter;
    // An empty sheet has no range to sum (B2:B1 would reach back into the header).
    cell.value = rows.length > 0 ? { formula: `SUM(${letter}2:${letter}${rows.length + 1})`, result } : 0;
    cell.font = BOLD;
    applyFormat(cell, spec.columns[index]!);
  }
}

function applyFormat(cell: { numFmt: string }, column: Pick<ColumnSpec, 'type' | 'format'>): void {
  const format = column.format ?? DEFAULT_FORMATS[column.type];
  if (format) cell.numFmt = format;
}

/** Title on top, then one label/value row per item, formatted like data cells of the item's type. */
function addSummary(workbook: Workbook, summary: TypedSummary): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET);
  sheet.getCell('A1').value = summary.title;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  summary.items.forEach((item, i) => {
    const row = sheet.getRow(i + 3);
    row.getCell(1).value = item.label;
    row.getCell(1).font = BOLD;
    row.getCell(2).value = item.value;
    applyFormat(row.getCell(2), item);
  });
  sheet.getColumn(1).width = estimateWidth('', summary.items.map((i) => i.label), 'text');
  sheet.getColumn(2).width = Math.max(...summary.items.map((i) => estimateWidth('', [i.value], i.type)), estimateWidth('', [], 'text'));
}
