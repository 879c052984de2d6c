import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Context } from 'hono';
import { requestDeps, type AppEnv } from '../api/context';
import { registerPlaybookTools } from './playbook-tools';
import { registerRunTools } from './run-tools';

/** The tool surface's own version: it changes when a tool is added or changes shape. */
const MCP_SERVER_VERSION = '1.0.0';

/**
 * Agent Studio as an MCP server (Streamable HTTP). Stateless: every POST gets a new server and
 * transport bound to the caller requireUser resolved, so no session outlives its request and a
 * Worker isolate holds nothing between calls. JSON responses, no SSE: every tool answers at once.
 */
export async function handleMcp(c: Context<AppEnv>): Promise<Response> {
  const server = new McpServer(
    { name: 'agent-studio', version: MCP_SERVER_VERSION },
    { instructions: 'Run Agent Studio Playbooks: list them, start runs, follow their status, read their files and answer their questions. Approvals are decided by people in Agent Studio, never over MCP.' },
  );
  const deps = requestDeps(c);
  registerPlaybookTools(server, deps);
  registerRunTools(server, deps);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(c.req.raw);
  } finally {
    await server.close();
  }
}

/** Stateless: there is no stream to open (GET) and no session to end (DELETE). */
export function mcpMethodNotAllowed(): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST JSON-RPC to this endpoint' }, id: null }), {
    status: 405, headers: { allow: 'POST', 'content-type': 'application/json' },
  });
}
