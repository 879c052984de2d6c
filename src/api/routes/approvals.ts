import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Approval, ApprovalStatus } from '../../domain/run';
import * as approvals from '../../runs/approvals';
import { requestDeps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Approvals'];

const list = createRoute({
  method: 'get', path: '/approvals', tags, security, summary: 'Approvals across the runs you can see, newest first',
  request: { query: z.object({ status: ApprovalStatus.optional() }) },
  responses: { 200: jsonContent(z.object({ approvals: z.array(Approval) }), 'Approvals'), ...errors(422) },
});

const ApproveBody = z
  .strictObject({
    body_hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex SHA-256 body hash you were shown'),
    comment: z.string().max(2000).optional(),
    edited_args: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Edit then approve: the call runs with these arguments (new hash, diff recorded)' }),
    scope: z.enum(['single', 'session']).optional().openapi({ description: 'session: also allow later calls of the same tool, connection and destination in this run' }),
  })
  .openapi('ApproveRequest');

const RejectBody = z.strictObject({ comment: z.string().max(2000).optional() }).openapi('RejectRequest');

const approve = createRoute({
  method: 'post', path: '/approvals/{id}/approve', tags, security, summary: 'Approve with the body hash you saw (409 if it no longer matches)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ApproveBody } } } },
  responses: { 200: jsonContent(Approval, 'The approval (approved; external sends commit after the undo window)'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

const reject = createRoute({
  method: 'post', path: '/approvals/{id}/reject', tags, security, summary: 'Reject: the call never runs; the run is told why',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: RejectBody } } } },
  responses: { 200: jsonContent(Approval, 'The rejected approval'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

const undo = createRoute({
  method: 'post', path: '/approvals/{id}/undo', tags, security, summary: 'Undo an approval inside its undo window: nothing is sent, it is pending again',
  request: { params: IdParam },
  responses: { 200: jsonContent(Approval, 'The approval, pending again'), ...errors(403, 404, 409, 413, 415) },
});

export const approvalRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => c.json({ approvals: await approvals.listApprovals(requestDeps(c), c.req.valid('query').status) }, 200))
  .openapi(approve, async (c) => c.json(await approvals.decide(requestDeps(c), c.req.valid('param').id, { action: 'approve', ...c.req.valid('json') }), 200))
  .openapi(reject, async (c) => {
    const body = c.req.header('content-type') ? c.req.valid('json') : {};
    return c.json(await approvals.decide(requestDeps(c), c.req.valid('param').id, { action: 'reject', ...body }), 200);
  })
  .openapi(undo, async (c) => c.json(await approvals.decide(requestDeps(c), c.req.valid('param').id, { action: 'undo' }), 200));
