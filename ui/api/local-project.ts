// The built-in project's tables and CSV uploads (POST /local-project/tables; shapes per /openapi.json).
import { request } from './client';
import { currentToken, sessionExpired } from '../lib/session';

export type LocalTable = {
  id: string; bucket: string; columns: string[]; column_descriptions?: Record<string, string>;
  rows_count: number | null; data_size_bytes: number | null; last_import_date: string | null;
};
export type LocalProject = { in_use: boolean; tables: LocalTable[]; broken: { id: string; problem: string }[] };
export type UploadedTable = { table_id: string; created: boolean; rows: number; bytes: number; columns: { name: string; description?: string }[] };

const session = () => ({ token: currentToken(), onUnauthorized: sessionExpired });

export const localProject = {
  list: () => request<LocalProject>('GET', 'local-project/tables', session()),
  upload: (tableId: string, file: Blob, replace: boolean) =>
    request<UploadedTable>('POST', `local-project/tables?table_id=${encodeURIComponent(tableId)}&replace=${replace}`, {
      ...session(), raw: { type: 'text/csv', body: file },
    }),
};
