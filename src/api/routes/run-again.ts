import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { Run } from '../../domain/run';
import { FromStepRequest, RerunRequest, fromStep, rerun } from '../../runs/again';
import { requestDeps, type AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Runs'];
const body = <T extends typeof RerunRequest | typeof FromStepRequest>(schema: T, required: boolean) => ({ required, content: { 'application/json': { schema } } });

const rerunRoute = createRoute({
  method: 'post', path: '/runs/{id}/rerun', tags, security,
  summary: 'Run again: the same Playbook with the original run\'s inputs (change any), against its pinned revision or the current one',
  request: { params: IdParam, body: body(RerunRequest, false) },
  responses: { 201: jsonContent(Run, 'The new run'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

const retryRoute = createRoute({
  method: 'post', path: '/runs/{id}/retry', tags, security,
  summary: 'Retry a failed or cancelled run from a step, with changed inputs if need be: the steps before it keep what the original recorded',
  request: { params: IdParam, body: body(FromStepRequest, true) },
  responses: { 201: jsonContent(Run, 'The new run, starting at from_step'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

const forkRoute = createRoute({
  method: 'post', path: '/runs/{id}/fork', tags, security,
  summary: 'Fork a run at a step ("what if I had answered differently?"): reads are served from the original\'s record, and nothing is written or sent until a person approves it as new',
  request: { params: IdParam, body: body(FromStepRequest, true) },
  responses: { 201: jsonContent(Run, 'The fork, starting at from_step'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

export const runAgainRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(rerunRoute, async (c) => c.json(await rerun(requestDeps(c), c.req.valid('param').id, c.req.header('content-type') ? c.req.valid('json') : RerunRequest.parse({})), 201))
  .openapi(retryRoute, async (c) => c.json(await fromStep(requestDeps(c), c.req.valid('param').id, 'retry', c.req.valid('json')), 201))
  .openapi(forkRoute, async (c) => c.json(await fromStep(requestDeps(c), c.req.valid('param').id, 'fork', c.req.valid('json')), 201));
