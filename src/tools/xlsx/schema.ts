import { z } from '@hono/zod-openapi';

export const COLUMN_TYPES = ['text', 'number', 'currency', 'percent', 'date', 'integer'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Types a totals row may SUM; adding up text or dates means nothing. */
const SUMMABLE: ReadonlySet<ColumnType> = new Set(['number', 'currency', 'percent', 'integer']);

/** The sheet the tool adds first when `summary` is given; a data sheet may not take its name. */
export const SUMMARY_SHEET = 'Summary';

/**
 * exceljs holds the whole workbook in memory and a Worker has 128 MB, so a sheet is capped well
 * below Excel's own 1,048,576 rows.
 */
export const MAX_ROWS_PER_SHEET = 50_000;

// Excel's own rules: at most 31 characters, none of []:*?/\, and no apostrophe at either end.
const SheetName = z
  .string()
  .min(1)
  .max(31, 'a sheet name has at most 31 characters')
  .regex(/^[^[\]:*?/\\]*$/, 'a sheet name may not contain any of [ ] : * ? / \\')
  .regex(/^(?!').*(?<!')$/, 'a sheet name may not begin or end with an apostrophe');

const Column = z.strictObject({
  key: z.string().min(1).max(128),
  header: z.string().min(1).max(255),
  type: z.enum(COLUMN_TYPES),
  width: z.number().min(1).max(255).optional(),
  /** An Excel number format that replaces the type's default (e.g. `"€"#,##0.00`). */
  format: z.string().min(1).max(64).optional(),
});

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const Sheet = z
  .strictObject({
    name: SheetName,
    columns: z.array(Column).min(1).max(200),
    rows: z.array(z.record(z.string(), Scalar)).max(MAX_ROWS_PER_SHEET).optional(),
    from: z.strictObject({ artifact: z.string().min(1).max(512).regex(/\.csv$/i, 'must be a .csv workspace path') }).optional(),
    freeze_header: z.boolean().default(true),
    totals: z.strictObject({ label: z.string().min(1).max(255), sum: z.array(z.string().min(1)).min(1) }).optional(),
  })
  .superRefine((sheet, ctx) => {
    if ((sheet.rows === undefined) === (sheet.from === undefined)) {
      ctx.addIssue({ code: 'custom', path: sheet.rows ? ['from'] : ['rows'], message: 'give exactly one of `rows` or `from`' });
    }
    const byKey = new Map(sheet.columns.map((c) => [c.key, c]));
    sheet.columns.forEach((column, i) => {
      if (sheet.columns.findIndex((c) => c.key === column.key) !== i) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'key'], message: `duplicate column key "${column.key}"` });
      }
    });
    sheet.totals?.sum.forEach((key, i) => {
      const column = byKey.get(key);
      const path = ['totals', 'sum', i];
      if (!column) ctx.addIssue({ code: 'custom', path, message: `"${key}" is not one of this sheet's column keys (${[...byKey.keys()].join(', ')})` });
      else if (!SUMMABLE.has(column.type)) ctx.addIssue({ code: 'custom', path, message: `column "${key}" is ${column.type}; only numeric columns can be summed` });
      // The totals label sits in the first column, so that column cannot also hold a sum.
      else if (column === sheet.columns[0]) ctx.addIssue({ code: 'custom', path, message: `column "${key}" holds the totals label; sum other columns` });
    });
  });

const SummaryItem = z.strictObject({
  label: z.string().min(1).max(255),
  value: z.union([z.string().max(32_767), z.number(), z.null()]),
  type: z.enum(COLUMN_TYPES).optional(),
});

export const XlsxArgs = z
  .strictObject({
    path: z.string().min(1).max(512).regex(/\.xlsx$/i, 'must be a workspace path ending in .xlsx'),
    sheets: z.array(Sheet).min(1).max(50),
    summary: z.strictObject({ title: z.string().min(1).max(255), items: z.array(SummaryItem).max(500) }).optional(),
  })
  .superRefine((args, ctx) => {
    // Excel compares sheet names case-insensitively.
    const taken = new Set(args.summary ? [SUMMARY_SHEET.toLowerCase()] : []);
    args.sheets.forEach((sheet, i) => {
      const name = sheet.name.toLowerCase();
      if (taken.has(name)) {
        const why = name === SUMMARY_SHEET.toLowerCase() && args.summary ? 'is used by the summary sheet' : 'is used by another sheet';
        ctx.addIssue({ code: 'custom', path: ['sheets', i, 'name'], message: `sheet name "${sheet.name}" ${why}` });
      }
      taken.add(name);
    });
  });

export type XlsxArgs = z.infer<typeof XlsxArgs>;
export type SheetSpec = XlsxArgs['sheets'][number];
export type ColumnSpec = SheetSpec['columns'][number];
export type SummaryItemSpec = NonNullable<XlsxArgs['summary']>['items'][number];
