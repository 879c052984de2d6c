// A workbook as the preview shows it: per visible sheet, the first rows' cells as formatted text
// (ui/lib/xlsx-format.ts), with column widths, bold cells and the frozen header rows. Pure: it
// reads an exceljs Workbook already loaded (ui/lib/xlsx-read.ts loads one in the browser).
import type { Workbook, Worksheet } from 'exceljs';
import { formatCell, isNumeric } from './xlsx-format';

export type SheetCell = { text: string; numeric: boolean; bold: boolean };
export type SheetModel = {
  name: string;
  /** Column widths in characters (undefined: the default width). */
  widths: (number | undefined)[];
  rows: SheetCell[][];
  /** Rows frozen at the top (a header), drawn as header cells. */
  headerRows: number;
  /** All rows of the sheet; `rows` holds the first `maxRows` of them. */
  totalRows: number;
};

/** How many rows a sheet shows before "first N of M rows". */
export const MAX_ROWS = 500;

export function sheetModel(sheet: Worksheet, maxRows = MAX_ROWS): SheetModel {
  const totalRows = sheet.rowCount;
  const columns = sheet.columnCount;
  const frozen = sheet.views?.find((v) => v.state === 'frozen') as { ySplit?: number } | undefined;
  const rows: SheetCell[][] = [];
  for (let r = 1; r <= Math.min(totalRows, maxRows); r++) {
    const row = sheet.getRow(r);
    const cells: SheetCell[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      // A merged cell's value sits in its top-left cell; the others show nothing.
      const value = cell.isMerged && cell.master !== cell ? null : cell.value;
      cells.push({ text: formatCell(value, cell.numFmt), numeric: isNumeric(value), bold: cell.font?.bold === true });
    }
    rows.push(cells);
  }
  const widths = Array.from({ length: columns }, (_, i) => sheet.getColumn(i + 1).width);
  return { name: sheet.name, widths, rows, headerRows: Math.min(frozen?.ySplit ?? 0, rows.length), totalRows };
}

/** The workbook's visible sheets, in order. */
export function workbookModel(workbook: Workbook, maxRows = MAX_ROWS): SheetModel[] {
  return workbook.worksheets.filter((s) => s.state !== 'hidden' && s.state !== 'veryHidden').map((s) => sheetModel(s, maxRows));
}
