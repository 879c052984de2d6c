import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { TableId } from '../../domain/common';
import { UnsupportedMediaTypeError } from '../../errors';
import { listLocalProject, uploadLocalTable } from '../../connections/keboola/sample/local-project';
import { MAX_UPLOAD_BYTES } from '../../connections/keboola/sample/upload';
import type { AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Local project'];

/** Exempt from the API's 1 MB JSON/YAML body rules (app.ts): this path takes CSV up to MAX_UPLOAD_BYTES, streamed. */
export const LOCAL_TABLES_PATH = '/local-project/tables';

const Column = z.object({ name: z.string(), description: z.string().optional().openapi({ description: 'The header as the file had it, where that was not a safe column name' }) });

const LocalTable = z
  .object({
    id: z.string().openapi({ example: 'in.c-mine.contacts' }),
    name: z.string(),
    bucket: z.string(),
    columns: z.array(z.string()),
    column_descriptions: z.record(z.string(), z.string()).optional(),
    primary_key: z.array(z.string()),
    rows_count: z.number().nullable(),
    data_size_bytes: z.number().nullable(),
    last_import_date: z.string().nullable(),
    last_change_date: z.string().nullable(),
  })
  .openapi('LocalTable');

const LocalProject = z
  .object({
    in_use: z.boolean().openapi({ description: 'False when a Keboola project is configured: Playbooks then read its tables instead' }),
    tables: z.array(LocalTable),
    broken: z.array(z.object({ id: z.string(), problem: z.string() })).openapi({ description: 'Bundled sample tables that could not be loaded; the others work' }),
  })
  .openapi('LocalProject');

const Uploaded = z
  .object({ table_id: z.string(), created: z.boolean(), rows: z.number().int(), bytes: z.number().int(), columns: z.array(Column) })
  .openapi('LocalTableUpload');

const UploadQuery = z.object({
  table_id: TableId.openapi({ param: { name: 'table_id', in: 'query' }, example: 'in.c-mine.contacts' }),
  replace: z.enum(['true', 'false']).default('false').openapi({ param: { name: 'replace', in: 'query' }, description: 'Replace an existing table\'s data (else 409)' }),
});

const list = createRoute({
  method: 'get', path: LOCAL_TABLES_PATH, tags, security,
  summary: 'Tables of the built-in project (used when no Keboola token is configured), with column descriptions',
  responses: { 200: jsonContent(LocalProject, 'The built-in project'), ...errors() },
});

const upload = createRoute({
  method: 'post', path: LOCAL_TABLES_PATH, tags, security,
  summary: 'Load a CSV (UTF-8, header row, up to 100 MiB, streamed) into the built-in project; authors and admins',
  description:
    'Header names of any characters become safe column names (letters, digits, _; unique), the original kept as the column\'s description. ' +
    'A file that is not valid CSV (ragged row, unterminated quote, no header, not UTF-8) is refused with 400 and details.line and details.reason; ' +
    'too large is 413. A refused file changes nothing. A full load: the file replaces the table\'s columns and rows.',
  request: {
    query: UploadQuery,
    body: { required: true, content: { 'text/csv': { schema: z.string().openapi({ format: 'binary', description: `At most ${MAX_UPLOAD_BYTES} bytes` }) } } },
  },
  responses: {
    201: jsonContent(Uploaded, 'Created'),
    200: jsonContent(Uploaded, 'Replaced'),
    400: jsonContent(ErrorBody, 'The file is not valid CSV: details.line and details.reason say where and why'),
    ...errors(403, 409, 413, 415, 422),
  },
});

export const localProjectRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => c.json(await listLocalProject(c.env), 200))
  .openapi(upload, async (c) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'text/csv') throw new UnsupportedMediaTypeError(type, ['text/csv']);
    const { table_id, replace } = c.req.valid('query');
    const body = c.req.raw.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const result = await uploadLocalTable(c.env, c.get('user'), table_id, body, { replace: replace === 'true' });
    return result.created ? c.json(result, 201) : c.json(result, 200);
  });
