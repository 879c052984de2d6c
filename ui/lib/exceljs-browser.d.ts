// exceljs's browser build (a UMD bundle) has the same API as the package's typed entry.
declare module 'exceljs/dist/exceljs.bare.min.js' {
  const ExcelJS: typeof import('exceljs');
  export default ExcelJS;
}
