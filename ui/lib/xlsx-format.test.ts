import { describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { formatCell, general, plainValue } from './xlsx-format';
import { sheetModel, workbookModel } from './xlsx-sheet';

describe('formatCell: values under their number formats, as Excel shows them', () => {
  test.each([
    [62563.79, '#,##0.00', '62,563.79'],
    [9918.585, '#,##0.00', '9,918.59'],
    [-1234.5, '#,##0.00', '-1,234.50'],
    [0.1585, '0.00%', '15.85%'],
    [0.125, '0.0%', '12.5%'],
    [1234567, '#,##0', '1,234,567'],
    [3.14159, '0', '3'],
    [0.5, '#.00', '.50'],
    [7, '000', '007'],
    [1234.5, '"€"#,##0.00', '€1,234.50'],
    [1234.5, '[$€-407]#,##0.00', '€1,234.50'],
    [1234.5, '#,##0.00 "EUR"', '1,234.50 EUR'],
    [-5, '#,##0.00;[Red](#,##0.00)', '(5.00)'],
    [0, '#,##0.00;(#,##0.00);"-"', '-'],
    [5, '#,##0.00_);(#,##0.00)', '5.00 '],
    [1500000, '#,##0.0,,"M"', '1.5M'],
    [12345, '0.00E+00', '1.23E+04'],
  ])('%s under %s is %s', (value, format, shown) => {
    expect(formatCell(value, format)).toBe(shown);
  });

  test('General: integers as they are, fractions to 11 significant digits, booleans in capitals', () => {
    expect(formatCell(42)).toBe('42');
    expect(formatCell(0.1 + 0.2, 'General')).toBe('0.3');
    expect(general(1 / 3)).toBe('0.33333333333');
    expect(formatCell(true)).toBe('TRUE');
    expect(formatCell(null, '#,##0')).toBe('');
    expect(formatCell('text', '#,##0.00')).toBe('text');
  });

  test('dates: JS dates and serial numbers, month vs minutes', () => {
    const d = new Date(Date.UTC(2026, 9, 31, 14, 5, 9));
    expect(formatCell(d, 'yyyy-mm-dd')).toBe('2026-10-31');
    expect(formatCell(d, 'dd/mm/yyyy hh:mm:ss')).toBe('31/10/2026 14:05:09');
    expect(formatCell(d, 'd mmm yy')).toBe('31 Oct 26');
    expect(formatCell(d, 'h:mm AM/PM')).toBe('2:05 PM');
    expect(formatCell(d)).toBe('2026-10-31 14:05');
    expect(formatCell(46326, 'yyyy-mm-dd')).toBe('2026-10-31');
  });

  test('formula results, rich text, hyperlinks and errors reduce to their value', () => {
    expect(formatCell({ formula: 'SUM(B2:B9)', result: 1234.5 }, '#,##0.00')).toBe('1,234.50');
    expect(plainValue({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
    expect(plainValue({ text: 'link', hyperlink: 'https://x' })).toBe('link');
    expect(formatCell({ error: '#DIV/0!' })).toBe('#DIV/0!');
  });
});

describe('sheetModel: a worksheet as the preview shows it', () => {
  async function roundTrip(fill: (wb: ExcelJS.Workbook) => void): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    fill(wb);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(await wb.xlsx.writeBuffer());
    return back;
  }

  test('formatted cells, bold frozen header, widths, hidden sheets left out', async () => {
    const wb = await roundTrip((w) => {
      const s = w.addWorksheet('By Product', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
      s.addRow(['Product', 'Allocated', 'Change %']).eachCell((c) => (c.font = { bold: true }));
      const r = s.addRow(['P-1012', 72482.38, 0.1585]);
      r.getCell(2).numFmt = '#,##0.00';
      r.getCell(3).numFmt = '0.00%';
      s.getColumn(1).width = 14;
      w.addWorksheet('Secret', { state: 'hidden' }).addRow(['x']);
    });
    const [sheet, ...rest] = workbookModel(wb);
    expect(rest).toEqual([]);
    expect(sheet!.name).toBe('By Product');
    expect(sheet!.headerRows).toBe(1);
    expect(sheet!.widths[0]).toBe(14);
    expect(sheet!.rows[0]![0]).toEqual({ text: 'Product', numeric: false, bold: true });
    expect(sheet!.rows[1]!.map((c) => c.text)).toEqual(['P-1012', '72,482.38', '15.85%']);
    expect(sheet!.rows[1]![1]!.numeric).toBe(true);
  });

  test('a large sheet keeps its first rows and says how many there are', async () => {
    const wb = await roundTrip((w) => {
      const s = w.addWorksheet('Big');
      for (let i = 1; i <= 1200; i++) s.addRow([i, i * 2]);
    });
    const model = sheetModel(wb.getWorksheet('Big')!, 100);
    expect(model.rows).toHaveLength(100);
    expect(model.totalRows).toBe(1200);
    expect(model.rows[99]!.map((c) => c.text)).toEqual(['100', '200']);
  });

  test('merged cells show their value once', async () => {
    const wb = await roundTrip((w) => {
      const s = w.addWorksheet('M');
      s.getCell('A1').value = 'Title';
      s.mergeCells('A1:C1');
      s.getCell('A2').value = 1;
    });
    expect(sheetModel(wb.getWorksheet('M')!).rows[0]!.map((c) => c.text)).toEqual(['Title', '', '']);
  });
});
