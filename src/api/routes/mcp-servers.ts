import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { MCP_RISK_FLOOR, McpServerName, McpServerRecord, McpServerRegistration } from '../../domain/mcp-server';
import { RISK_CLASSES, RiskClass, riskRank } from '../../domain/risk';
import * as servers from '../../mcp/remote/service';
import { requestDeps, type AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const tags = ['MCP servers'];
const REMOTE_TOOL_RISKS = RISK_CLASSES.filter((risk) => riskRank(risk) >= riskRank(MCP_RISK_FLOOR));
const NameParam = z.object({ name: McpServerName.openapi({ param: { name: 'name', in: 'path' }, example: 'notion' }) });

const register = createRoute({
  method: 'post', path: '/mcp-servers', tags, security,
  summary: 'Register (or replace) an MCP server (admin): its tools become Broker tools mcp.<server>.<tool>',
  request: { body: { required: true, content: { 'application/json': { schema: McpServerRegistration } } } },
  responses: {
    201: jsonContent(McpServerRecord, 'Registered, with the tools the server listed'),
    200: jsonContent(McpServerRecord, 'Replaced an earlier registration of this name'),
    ...errors(400, 403, 413, 415, 422),
    502: jsonContent(ErrorBody, 'The server could not be reached or refused tools/list; nothing was registered'),
  },
});

const list = createRoute({
  method: 'get', path: '/mcp-servers', tags, security, summary: 'Registered MCP servers and their tools (admin)',
  responses: {
    200: jsonContent(
      z.object({
        servers: z.array(McpServerRecord),
        tool_risks: z.array(RiskClass).openapi({ description: 'The classes a remote tool may be given, lowest first; the first is the default' }),
      }),
      'Every registered server',
    ),
    ...errors(403),
  },
});

const remove = createRoute({
  method: 'delete', path: '/mcp-servers/{name}', tags, security, summary: 'Remove an MCP server and its tools (admin)',
  request: { params: NameParam },
  responses: { 204: { description: 'Removed' }, ...errors(403, 404, 422) },
});

export const mcpServerRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(register, async (c) => {
    const { record, created } = await servers.registerServer(requestDeps(c), c.req.valid('json'));
    return created ? c.json(record, 201) : c.json(record, 200);
  })
  .openapi(list, async (c) => c.json({ servers: await servers.listRegisteredServers(requestDeps(c)), tool_risks: REMOTE_TOOL_RISKS }, 200))
  .openapi(remove, async (c) => {
    await servers.removeServer(requestDeps(c), c.req.valid('param').name);
    return c.body(null, 204);
  });
