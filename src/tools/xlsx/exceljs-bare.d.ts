// The build loadExcelJS uses ships no types of its own; it exports the same API as the package root.
declare module 'exceljs/lib/exceljs.bare.js' {
  const ExcelJS: typeof import('exceljs');
  export default ExcelJS;
}
