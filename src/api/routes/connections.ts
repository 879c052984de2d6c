import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listConnections } from '../../connections/discovery';
import { Connection } from '../../domain/tooling';
import type { AppEnv } from '../context';
import { validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Connections'];

const ConnectionList = z
  .object({
    builtins: z.array(Connection),
    discovered: z.array(Connection).openapi({ description: 'One per system behind the Keboola project\'s configured extractors and writers' }),
    direct: z.array(Connection),
    discovery: z.object({
      backend: z.enum(['keboola', 'sample']),
      discovered_at: z.string(),
      error: z.string().optional().openapi({ description: 'Why the last discovery found nothing, e.g. Keboola refused the token' }),
    }),
  })
  .openapi('ConnectionList');

const SearchQuery = z.object({ q: z.string().max(200).optional().openapi({ param: { name: 'q', in: 'query' }, description: 'Case-insensitive match on id, name, system, component ids or description' }) });

const list = createRoute({
  method: 'get', path: '/connections', tags, security,
  summary: 'Connections: keboola.connection, those discovered from the project\'s configured components, and direct ones (Slack)',
  description: 'Discovery runs on first use and on POST /tools/discover; builtins and direct connections reflect the current configuration.',
  request: { query: SearchQuery },
  responses: { 200: jsonContent(ConnectionList, 'Connections by group'), ...errors(422) },
});

export const connectionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => c.json(await listConnections(c.env, c.req.valid('query').q), 200));
