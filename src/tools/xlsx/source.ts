import Papa from 'papaparse';
import { NotFoundError } from '../../errors';
import { ToolError, type ToolWorkspace } from '../types';
import { MAX_ROWS_PER_SHEET, type SheetSpec } from './schema';
import { CellTypeError, typedValue, type CellValue } from './values';

export const TOOL_ID = 'xlsx-renderer';

/** A sheet's rows, from `rows` or its CSV artifact, typed column by column in column order. */
export async function typedRows(workspace: ToolWorkspace, sheet: SheetSpec): Promise<CellValue[][]> {
  const records = sheet.from ? await csvRecords(workspace, sheet) : sheet.rows!;
  return records.map((record, r) =>
    sheet.columns.map((column) => {
      try {
        return typedValue(record[column.key], column.type);
      } catch (error) {
        if (!(error instanceof CellTypeError)) throw error;
        // Row numbers as the spreadsheet will show them: the header is row 1.
        throw new ToolError(TOOL_ID, `Sheet "${sheet.name}", row ${r + 2}, column "${column.key}": ${error.message}`);
      }
    }),
  );
}

async function csvRecords(workspace: ToolWorkspace, sheet: SheetSpec): Promise<Record<string, unknown>[]> {
  const artifact = sheet.from!.artifact;
  let text: string;
  try {
    text = await workspace.read(artifact);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ToolError(TOOL_ID, `Sheet "${sheet.name}" reads from "${artifact}", which is not in this run's workspace (write it in an earlier action or step)`);
    }
    throw error;
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const problem = parsed.errors[0];
  if (problem) throw new ToolError(TOOL_ID, `"${artifact}" is not valid CSV (data row ${(problem.row ?? 0) + 1}): ${problem.message}`);
  const fields = parsed.meta.fields ?? [];
  const missing = sheet.columns.filter((c) => !fields.includes(c.key)).map((c) => c.key);
  if (missing.length > 0) {
    throw new ToolError(TOOL_ID, `"${artifact}" has no column ${missing.map((k) => `"${k}"`).join(', ')} for sheet "${sheet.name}"; its columns are ${fields.join(', ')}`);
  }
  if (parsed.data.length > MAX_ROWS_PER_SHEET) {
    throw new ToolError(TOOL_ID, `"${artifact}" has ${parsed.data.length} rows; a sheet holds at most ${MAX_ROWS_PER_SHEET}`);
  }
  return parsed.data;
}
