// Loaded on demand (import() in ui/components/xlsx-preview.ts), never part of the main UI bundle:
// exceljs — the same package the server renders workbooks with (src/tools/xlsx) — in its browser
// build, which carries its own stream and buffer shims (the server uses the CommonJS build for
// workerd's sake, see src/tools/xlsx/exceljs.ts).
import ExcelJS from 'exceljs/dist/exceljs.bare.min.js';
import { MAX_ROWS, workbookModel, type SheetModel } from './xlsx-sheet';

export async function readWorkbook(data: ArrayBuffer, maxRows = MAX_ROWS): Promise<SheetModel[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data);
  return workbookModel(workbook, maxRows);
}
