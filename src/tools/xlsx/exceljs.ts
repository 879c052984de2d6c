import util from 'node:util';
import type * as ExcelJSModule from 'exceljs';
import { importExcelJS } from '../../generated/exceljs-import';

export type ExcelJS = typeof ExcelJSModule;

const debuglog = util.debuglog;
const silent: typeof util.debuglog = Object.assign(() => Object.assign(() => {}, { enabled: false }), {});

/**
 * exceljs, loaded on first use: it is large and only this tool needs it, so it is a module of its own
 * (src/generated/exceljs.mjs, built by scripts/bundle-exceljs.mjs), outside the Worker's main chunk and
 * evaluated only when a workbook is rendered.
 *
 * That module is the package's CommonJS build, not its browser bundle: that bundle carries browserify's own
 * process.nextTick queue, shared by every Durable Object in the isolate, and in workerd the second
 * run to render hung or failed with "Cannot perform I/O on behalf of a different Durable Object".
 *
 * While it loads, util.debuglog is silenced: workerd enables every debuglog section (there is no
 * NODE_DEBUG), and readable-stream, which exceljs streams the workbook through, binds its logger
 * when first evaluated — it would print every chunk of the workbook, i.e. the customer's data,
 * to the Worker's logs.
 */
export async function loadExcelJS(): Promise<ExcelJS> {
  util.debuglog = silent;
  try {
    return (await importExcelJS()).default;
  } finally {
    util.debuglog = debuglog;
  }
}
