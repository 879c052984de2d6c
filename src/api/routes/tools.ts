import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { boundedJsonObject } from '../../domain/common';
import { discoverTools } from '../../broker/discover';
import { currentDiscovery } from '../../connections/discovery';
import { ExternalCallResult, callWithRunToken } from '../../broker/external-call';
import { ToolEntry, findManifest, registryManifests, toolEntry } from '../../broker/tools';
import { loadTools } from '../../tools/registry';
import type { AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Tools'];
const ToolList = z.object({ tools: z.array(ToolEntry) }).openapi('ToolList');

const list = createRoute({
  method: 'get', path: '/tools', tags, security, summary: 'The Broker registry, each tool with its default decision under the tenant policy',
  responses: { 200: jsonContent(ToolList, 'All registered tools'), ...errors() },
});

const getOne = createRoute({
  method: 'get', path: '/tools/{id}', tags, security, summary: 'One tool manifest',
  request: { params: IdParam },
  responses: { 200: jsonContent(ToolEntry, 'The tool'), ...errors(404, 422) },
});

const discover = createRoute({
  method: 'post', path: '/tools/discover', tags, security, summary: 'Re-run tool discovery and return the registry',
  // 413/415: the app's body limit and content-type check run before any handler, body or not.
  responses: { 200: jsonContent(ToolList, 'The registry after discovery'), ...errors(413, 415) },
});

const CallBody = z.strictObject({ args: boundedJsonObject().default({}) }).openapi('ToolCallRequest');

const callTool = createRoute({
  method: 'post', path: '/tools/{id}/call', tags, security,
  summary: 'Call a tool inside a run, with that run\'s token (user tokens are refused)',
  description: 'Authorization: Bearer <run token> from POST /runs/{id}/token. 401 for a bad, expired or ended-run token; 403 for a tool outside the token\'s allowed_tools or above its allowed_risk_max. The run then applies its own Broker rules and records the call.',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: CallBody } } } },
  responses: { 200: jsonContent(ExternalCallResult, 'What the run did with the call'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

export const toolRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => {
    // Registered MCP servers' and discovered configurations' tools too (discovering first if it never ran
    // or the Keboola configuration changed), as this isolate last loaded them (at most a few seconds old).
    const { policy } = await currentDiscovery(c.env);
    await loadTools(c.env);
    return c.json({ tools: registryManifests().map((tool) => toolEntry(tool, policy)) }, 200);
  })
  .openapi(getOne, async (c) => {
    await loadTools(c.env);
    return c.json(toolEntry(findManifest(c.req.valid('param').id), await c.get('tenant').getRiskPolicy()), 200);
  })
  .openapi(discover, async (c) => {
    const [tools, policy] = await Promise.all([discoverTools(c.env), c.get('tenant').getRiskPolicy()]);
    return c.json({ tools: tools.map((tool) => toolEntry(tool, policy)) }, 200);
  })
  .openapi(callTool, async (c) =>
    c.json(await callWithRunToken(c.env, c.get('runToken'), c.req.valid('param').id, c.req.valid('json').args), 200),
  );
