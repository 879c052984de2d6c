import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Run, RunDetail, RunStatus } from '../../domain/run';
import { startRun } from '../../runs/start';
import * as runs from '../../runs/service';
import { auditOf } from '../../runs/approvals';
import { listArtifacts } from '../../workspace/artifacts';
import { artifactKey } from '../../workspace/paths';
import { NotFoundError } from '../../errors';
import { requestDeps, type AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Runs'];

const StartBody = z
  .strictObject({
    inputs: z.record(z.string(), z.unknown()).default({}),
    objective_override: z.string().min(1).max(5000).optional(),
  })
  .openapi('StartRun');

const start = createRoute({
  method: 'post', path: '/playbooks/{id}/run', tags, security, summary: 'Start a run of the current revision (pinned for the run\'s life)',
  request: {
    params: IdParam,
    headers: z.object({
      'idempotency-key': z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional().openapi({
        description: 'Makes the start safe to repeat: the same key and request within 24 h answers with the run the first one started (and starts nothing new); the same key with a different request is a 409',
      }),
    }),
    body: { required: false, content: { 'application/json': { schema: StartBody } } },
  },
  responses: {
    201: jsonContent(Run, 'The queued run (for a repeated Idempotency-Key: the run the first request started)'),
    // 409: the Playbook was edited again and again while this run was being registered; nothing was created.
    ...errors(400, 404, 409, 413, 415, 422),
    403: jsonContent(ErrorBody, "input_locked: a different value for an input the Playbook's author locked (only the owner or an admin may change it); details.inputs names them. Nothing was created"),
  },
});

const list = createRoute({
  method: 'get', path: '/runs', tags, security, summary: 'Runs you can see, newest first',
  request: { query: z.object({ playbook_id: z.string().max(128).optional(), status: RunStatus.optional() }) },
  responses: { 200: jsonContent(z.object({ runs: z.array(Run) }), 'Runs'), ...errors(422) },
});

const get = createRoute({
  method: 'get', path: '/runs/{id}', tags, security, summary: 'A run with steps, questions, tool calls and budget',
  request: { params: IdParam },
  responses: { 200: jsonContent(RunDetail, 'The run'), ...errors(404, 422) },
});

const InputBody = z
  .strictObject({
    question_id: z.string().min(1).max(64),
    answer: z.unknown().optional(),
    comment: z.string().max(2000).optional().openapi({ description: 'Optional free text with the answer (e.g. why); steps read it as ${{ questions.<action id>.comment }}' }),
    file: z.strictObject({
      name: z.string().regex(/^[\w.-]{1,128}$/, 'must be a plain file name'),
      content_base64: z.string().max(14_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      content_type: z.string().max(128).optional(),
    }).optional(),
  })
  .refine((b) => b.answer !== undefined || b.file !== undefined, { message: 'give an answer or a file', path: ['answer'] })
  .openapi('AnswerQuestion');

const input = createRoute({
  method: 'post', path: '/runs/{id}/input', tags, security, summary: 'Answer the run\'s pending question (radio, multi, text or a file)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: InputBody } } } },
  responses: { 200: jsonContent(RunDetail, 'The run after the answer'), ...errors(400, 404, 409, 413, 415, 422) },
});

function control(action: 'pause' | 'resume' | 'cancel', summary: string) {
  return createRoute({
    method: 'post', path: `/runs/{id}/${action}`, tags, security, summary,
    request: { params: IdParam },
    // 413/415: the app's body limit and content-type check run before any handler, body or not.
    responses: { 200: jsonContent(RunDetail, 'The run'), ...errors(404, 409, 413, 415, 422) },
  });
}

const events = createRoute({
  method: 'get', path: '/runs/{id}/events', tags, security, summary: 'Live events (SSE); send Last-Event-ID to get exactly what you missed',
  request: { params: IdParam, query: z.object({ after: z.coerce.number().int().nonnegative().optional() }) },
  responses: {
    200: { description: 'text/event-stream of RunEvent JSON frames (id = seq); `event: end` after the run ends', content: { 'text/event-stream': { schema: z.string() } } },
    ...errors(404, 422),
  },
});

const ArtifactInfo = z
  .object({ path: z.string(), size: z.number().int(), etag: z.string(), content_type: z.string(), uploaded: z.string() })
  .openapi('ArtifactInfo');

const artifacts = createRoute({
  method: 'get', path: '/runs/{id}/artifacts', tags, security, summary: 'The run\'s workspace files',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ artifacts: z.array(ArtifactInfo) }), 'Workspace files'), ...errors(404, 422) },
});

const AuditEntry = z
  .object({ seq: z.number().int(), at: z.string(), kind: z.string(), call_id: z.string().nullable(), data: z.record(z.string(), z.unknown()), prev_hash: z.string(), hash: z.string() })
  .openapi('AuditEntry');

const AuditReport = z
  .object({
    verification: z.object({ ok: z.boolean(), entries: z.number().int(), head: z.string().optional(), first_bad_seq: z.number().int().optional(), reason: z.string().optional() }),
    entries: z.array(AuditEntry),
  })
  .openapi('AuditReport');

const audit = createRoute({
  method: 'get', path: '/runs/{id}/audit', tags, security, summary: 'The run\'s hash-chained audit log with its verification; ?format=jsonl exports it',
  request: { params: IdParam, query: z.object({ format: z.enum(['json', 'jsonl']).default('json') }) },
  responses: {
    200: {
      description: 'Entries and verification (names the first broken entry), or JSONL',
      content: { 'application/json': { schema: AuditReport }, 'application/x-ndjson': { schema: z.string() } },
    },
    ...errors(404, 422),
  },
});

const InboxItem = z
  .object({ id: z.string(), kind: z.enum(['question', 'approval']), run_id: z.string(), playbook_id: z.string(), title: z.string(), created_at: z.string() })
  .openapi('InboxItem');

const inboxRoute = createRoute({
  method: 'get', path: '/inbox', tags: ['Inbox'], security, summary: 'Pending questions and approvals across the runs you can see',
  responses: { 200: jsonContent(z.object({ items: z.array(InboxItem) }), 'Pending items, oldest first'), ...errors() },
});

export const runRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(start, async (c) => {
    const body = c.req.header('content-type') ? c.req.valid('json') : { inputs: {} };
    const deps = requestDeps(c);
    const key = c.req.valid('header')['idempotency-key'];
    const run = await startRun(deps.env, deps.user, c.req.valid('param').id, {
      inputs: body.inputs,
      ...(body.objective_override ? { objective_override: body.objective_override } : {}),
      trigger: { type: 'manual', by: deps.user.id },
      ...(key ? { idempotency_key: key } : {}),
    });
    return c.json(run, 201);
  })
  .openapi(list, async (c) => c.json({ runs: await runs.listRuns(requestDeps(c), c.req.valid('query')) }, 200))
  .openapi(get, async (c) => c.body(await runs.runDetailJson(requestDeps(c), c.req.valid('param').id), 200, { 'content-type': 'application/json' }) as never)
  .openapi(input, async (c) => c.json(await runs.answerQuestion(requestDeps(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(control('pause', 'Pause (any non-terminal status)'), async (c) => c.json(await runs.controlRun(requestDeps(c), c.req.valid('param').id, 'pause'), 200))
  .openapi(control('resume', 'Resume a paused or blocked run'), async (c) => c.json(await runs.controlRun(requestDeps(c), c.req.valid('param').id, 'resume'), 200))
  .openapi(control('cancel', 'Cancel (any non-terminal status; cancels child runs)'), async (c) => c.json(await runs.controlRun(requestDeps(c), c.req.valid('param').id, 'cancel'), 200))
  .openapi(events, async (c) => {
    const { id } = c.req.valid('param');
    await runs.visibleRun(requestDeps(c), id);
    const after = c.req.header('last-event-id') ?? String(c.req.valid('query').after ?? 0);
    return runs.runStub(c.env, id).fetch(new Request(`https://run/events?after=${encodeURIComponent(after)}`));
  })
  .openapi(artifacts, async (c) => {
    const { id } = c.req.valid('param');
    await runs.visibleRun(requestDeps(c), id);
    return c.json({ artifacts: await listArtifacts(c.env, id) }, 200);
  })
  .openapi(inboxRoute, async (c) => c.json({ items: await runs.inbox(requestDeps(c)) }, 200))
  .openapi(audit, async (c) => {
    const report = await auditOf(requestDeps(c), c.req.valid('param').id);
    // JSONL is a download, not JSON: a plain Response, outside the typed JSON union.
    if (c.req.valid('query').format === 'jsonl') return new Response(report.jsonl, { headers: { 'content-type': 'application/x-ndjson' } }) as never;
    return c.json({ verification: report.verification, entries: report.entries }, 200);
  });

/** Artifact download: paths contain slashes, so this route is registered by hand (see app.ts). */
export const ARTIFACT_DOWNLOAD_PATH = '/runs/:id/artifacts/:path{.+}';

export async function downloadArtifact(c: import('hono').Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id')!;
  await runs.visibleRun(requestDeps(c), id);
  const raw = new URL(c.req.url).pathname.split('/artifacts/').slice(1).join('/artifacts/');
  const object = await c.env.BUCKET.get(artifactKey(id, raw), { onlyIf: c.req.raw.headers });
  if (!object) throw new NotFoundError('Artifact', raw);
  const headers = new Headers({ etag: object.httpEtag, 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff' });
  object.writeHttpMetadata(headers);
  headers.set('content-disposition', `attachment; filename="${raw.split('/').pop()!.replace(/[^\w.-]/g, '_')}"`);
  if (!('body' in object)) return new Response(null, { status: 304, headers });
  return new Response(object.body, { headers });
}
