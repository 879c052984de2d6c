import type { Context } from 'hono';
import { requestDeps, type AppEnv } from '../api/context';
import { INVALID_REQUEST, PARSE_ERROR, SUPPORTED_VERSIONS, answer, classify, rpcError, type JsonRpcResponse, type ServerInfo } from './protocol';
import { playbookTools } from './playbook-tools';
import { runTools } from './run-tools';

const INFO: ServerInfo = {
  name: 'agent-studio',
  // The tool surface's own version: it changes when a tool is added or changes shape.
  version: '1.0.0',
  instructions: 'Run Agent Studio Playbooks: list them, start runs, follow their status, read their files and answer their questions. Approvals are decided by people in Agent Studio, never over MCP.',
};

const json = (body: JsonRpcResponse, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * Agent Studio as an MCP server over Streamable HTTP, stateless: each POST carries one JSON-RPC
 * message, answered with JSON (no session, no SSE: every tool answers at once), with the tools bound
 * to the caller requireUser resolved.
 */
export async function handleMcp(c: Context<AppEnv>): Promise<Response> {
  // The spec asks servers to check Origin against DNS rebinding: a browser page elsewhere gets 403.
  // AI clients send none; the app's own origin (or PUBLIC_BASE_URL's) is fine.
  const origin = c.req.header('origin');
  if (origin && !allowedOrigins(c).includes(origin)) {
    return json(rpcError(null, -32000, `Origin ${origin} may not call this MCP server`), 403);
  }
  const version = c.req.header('mcp-protocol-version');
  if (version && !SUPPORTED_VERSIONS.includes(version as never)) {
    return json(rpcError(null, INVALID_REQUEST, `Unsupported MCP-Protocol-Version "${version}"; supported: ${SUPPORTED_VERSIONS.join(', ')}`), 400);
  }
  let message: unknown;
  try {
    message = await c.req.json();
  } catch {
    return json(rpcError(null, PARSE_ERROR, 'Parse error: the body is not JSON'), 400);
  }
  const kind = classify(message);
  if (kind.kind === 'invalid') return json(rpcError(null, INVALID_REQUEST, `Invalid request: ${kind.reason}`), 400);
  if (kind.kind === 'notification') return new Response(null, { status: 202 });
  const deps = requestDeps(c);
  return json(await answer(INFO, [...playbookTools(deps), ...runTools(deps)], kind.id, kind.method, kind.params));
}

function allowedOrigins(c: Context<AppEnv>): string[] {
  const own = new URL(c.req.url).origin;
  const base = c.env.PUBLIC_BASE_URL ? new URL(c.env.PUBLIC_BASE_URL).origin : own;
  return [own, base];
}

/** Stateless: there is no stream to open (GET) and no session to end (DELETE). */
export function mcpMethodNotAllowed(): Response {
  return new Response(JSON.stringify(rpcError(null, -32000, 'Method not allowed: POST JSON-RPC to this endpoint')), {
    status: 405, headers: { allow: 'POST', 'content-type': 'application/json' },
  });
}
