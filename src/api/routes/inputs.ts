import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { TableId } from '../../domain/common';
import { InputOptions } from '../../domain/input-spec';
import { inputOptions } from '../../runs/input-options';
import { requestDeps as deps, type AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Playbooks'];

const options = createRoute({
  method: 'get', path: '/playbooks/{id}/inputs/{name}/options', tags, security,
  summary: 'Values a person may pick for a run input, read from the connected project',
  description:
    'For inputs with options_from (the distinct values of a column, e.g. the periods present; the tables of a bucket; ' +
    'the columns of the table in another input) and for table/tables inputs (the project\'s tables). Any other input is a 422 no_options. ' +
    'The inputs are those of the revision you would run: a runner\'s is the published one (409 not_published while none is).',
  request: {
    params: IdParam.extend({ name: z.string().min(1).max(128).openapi({ param: { name: 'name', in: 'path' } }) }),
    query: z.object({ table: TableId.optional().openapi({ description: 'column inputs: the table its table input holds now (default: that input\'s default)' }) }),
  },
  responses: {
    200: jsonContent(InputOptions, 'The options and the one to preselect'),
    ...errors(404, 409, 422),
    502: jsonContent(ErrorBody, 'The connected project could not be read'),
  },
});

export const inputRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(options, async (c) => {
  const { id, name } = c.req.valid('param');
  return c.json(await inputOptions(deps(c), id, name, c.req.valid('query')), 200);
});
