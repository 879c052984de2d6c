import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { BuilderRequest, BuilderResponse } from '../../domain/builder';
import { proposePlaybook } from '../../builder/service';
import type { AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const propose = createRoute({
  method: 'post', path: '/playbooks/builder/proposals', tags: ['Playbooks'], security,
  summary: 'Propose a Playbook from a description (a model designs it, or questions when none is configured); nothing is saved',
  description:
    'With a model configured, the answer is a proposal (YAML, spec, diff) checked as POST /playbooks checks it, plus every tool in the registry and an approval for every step that writes or sends; ' +
    'otherwise, or with mode "questions", the questions come back, and the same request with `answers` assembles the draft from the blueprints\' steps. ' +
    'A proposal that fails the checks is 422 with every reason. Accepting is POST /playbooks with the YAML.',
  request: { body: { required: true, content: { 'application/json': { schema: BuilderRequest } } } },
  responses: {
    200: jsonContent(BuilderResponse, 'A proposal, or the questions to answer'), ...errors(400, 403, 413, 415, 422),
    502: jsonContent(ErrorBody, 'The model provider failed; nothing was proposed'),
  },
});

export const builderRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(propose, async (c) =>
  c.json(await proposePlaybook({ env: c.env, user: c.get('user') }, c.req.valid('json')), 200),
);
