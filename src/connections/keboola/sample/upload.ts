import type { Env } from '../../../env';
import { ConflictError } from '../../../errors';
import { CsvRecords, CsvRefusal } from './csv-records';
import { SampleImportError, SampleUploadError, SampleUploadTooLargeError } from './errors';
import { mapHeaders, type MappedHeader } from './headers';
import { updateManifest } from './manifest';
import { parseTableId } from './project';
import { R2StreamWriter } from './r2-stream-writer';
import { seededManifest } from './seed';

/**
 * Cloudflare accepts request bodies up to 100 MB on the Free and Pro plans, and an isolate has
 * 128 MB, so the file is read as a stream: decoded, checked and re-written (with safe column
 * names) part by part into R2, never held whole.
 */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export type UploadedColumn = { name: string; description?: string };
export type UploadResult = { table_id: string; created: boolean; rows: number; bytes: number; columns: UploadedColumn[] };

/**
 * Loads a CSV into the built-in project as `tableId` (a full load: the file's columns and rows
 * replace the table's). Every line is checked before the new data becomes visible; a refused file
 * changes nothing.
 */
export async function uploadCsv(env: Env, tableId: string, body: ReadableStream<Uint8Array>, options: { replace: boolean }): Promise<UploadResult> {
  const table = parseTableId(tableId);
  if (!table) throw new SampleImportError(tableId, 'a table id looks like in.c-<bucket>.<table> or out.c-<bucket>.<table> (letters, digits, _ and -)');
  const existing = (await seededManifest(env)).tables[tableId];
  if (existing && !options.replace) throw new ConflictError(`Table "${tableId}" already exists; upload with replace=true to replace its data`, { table_id: tableId });

  const out = new R2StreamWriter(env.BUCKET, table.key, { httpMetadata: { contentType: 'text/csv; charset=utf-8' } });
  let read: { header: MappedHeader; rows: number };
  try {
    read = await rewrite(body, out);
  } catch (error) {
    await out.abort();
    if (error instanceof CsvRefusal) throw new SampleUploadError(tableId, error.line, error.reason);
    throw error;
  }
  const written = await out.finish();
  const now = new Date().toISOString();
  await updateManifest(env.BUCKET, (m) => {
    m.buckets[table.bucket] ??= { created: now };
    const before = m.tables[tableId];
    m.tables[tableId] = {
      columns: read.header.columns, primary_key: [], rows_count: read.rows, data_size_bytes: out.bytes,
      created: before?.created ?? now, last_import_date: now, last_change_date: now, etag: written.etag,
      ...(before?.description ? { description: before.description } : {}),
      ...(Object.keys(read.header.descriptions).length > 0 ? { column_descriptions: read.header.descriptions } : {}),
    };
    return true;
  });
  const columns = read.header.columns.map((name) => ({ name, ...(read.header.descriptions[name] ? { description: read.header.descriptions[name] } : {}) }));
  return { table_id: tableId, created: !existing, rows: read.rows, bytes: out.bytes, columns };
}

/** Reads the body to its end, writing the checked CSV to `out`; throws CsvRefusal at the first bad line. */
async function rewrite(body: ReadableStream<Uint8Array>, out: R2StreamWriter): Promise<{ header: MappedHeader; rows: number }> {
  let header: MappedHeader | undefined;
  let rows = 0;
  let pending = '';
  const records = new CsvRecords((fields, line) => {
    if (!header) {
      if (fields.every((f) => f.trim() === '')) throw new CsvRefusal(line, 'the header row has no column names');
      header = mapHeaders(fields);
      pending += csvLine(header.columns);
      return;
    }
    if (fields.length !== header.columns.length) throw new CsvRefusal(line, `the row has ${fields.length} fields; the header has ${header.columns.length}`);
    rows++;
    pending += csvLine(fields);
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let received = 0;
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      received += next.value.byteLength;
      if (received > MAX_UPLOAD_BYTES) throw new SampleUploadTooLargeError(MAX_UPLOAD_BYTES, records.line);
      records.push(decode(decoder, next.value, records.line));
      await out.write(pending);
      pending = '';
    }
  } catch (error) {
    await reader.cancel().catch(() => {}); // stop receiving a file that is already refused
    throw error;
  }
  records.push(decode(decoder, undefined, records.line));
  records.end();
  if (!header) throw new CsvRefusal(1, 'the file is empty: the first line must be a header row');
  await out.write(pending);
  return { header, rows };
}

/** UTF-8 only: a byte sequence that is not names the line it is on (Excel's "Unicode text" is UTF-16, for one). */
function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, line: number): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    const lenient = chunk ? new TextDecoder().decode(chunk) : '';
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
    throw new CsvRefusal(line + (before.match(/\n/g)?.length ?? 0), 'the file is not UTF-8 text (save it as "CSV UTF-8")');
  }
}

/** One CSV record; quoted only when it must be, so a plain value reads back unchanged. */
function csvLine(fields: readonly string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')}\n`;
}
