/**
 * A small MCP client over Streamable HTTP (spec 2025-06-18) with fetch: initialize, the initialized
 * notification, then requests in that session (JSON or SSE answers). The SDK's client would add
 * ~60 KB gzip to a main chunk at its size limit, with an Ajv schema compiler (code generation, which
 * workerd forbids) for output schemas we do not use; tools/list and tools/call are all we need.
 */

export const MCP_PROTOCOL_VERSION = '2025-06-18';
const TIMEOUT_MS = 30_000;
const MAX_PAGES = 20;

export type RemoteEndpoint = { url: string; headers?: Record<string, string> };
export type RemoteToolInfo = { name: string; description?: string; inputSchema?: Record<string, unknown> };
export type RemoteCallResult = { content?: { type: string; text?: string }[]; structuredContent?: unknown; isError?: boolean };

/** The remote server failed or refused at the protocol level (not a tool's own error result). */
export class McpRemoteError extends Error {
  override name = 'McpRemoteError';
}

type Session = { id: string | null; nextId: number };

async function post(endpoint: RemoteEndpoint, session: Session, method: string, params: unknown, notification = false): Promise<{ result: any; response: Response }> {
  const id = session.nextId++;
  const headers: Record<string, string> = {
    ...endpoint.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MCP_PROTOCOL_VERSION,
  };
  if (session.id) headers['mcp-session-id'] = session.id;
  const message = notification ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', id, method, params };
  let response: Response;
  try {
    response = await fetch(endpoint.url, { method: 'POST', headers, body: JSON.stringify(message), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new McpRemoteError(`MCP server ${endpoint.url} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new McpRemoteError(`MCP server ${endpoint.url} answered ${method} with HTTP ${response.status}`);
  if (notification) return { result: undefined, response };
  const reply = await readReply(response, id);
  if (!reply) throw new McpRemoteError(`MCP server ${endpoint.url} sent no answer to ${method}`);
  if (reply.error) throw new McpRemoteError(`MCP server ${endpoint.url} refused ${method}: ${String(reply.error.message ?? 'error').slice(0, 500)}`);
  return { result: reply.result, response };
}

/** The JSON-RPC response with this id, from a JSON body or an SSE stream of messages. */
async function readReply(response: Response, id: number): Promise<{ result?: any; error?: any } | undefined> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const messages: any[] = [];
  if (type.includes('text/event-stream')) {
    for (const event of text.split(/\r?\n\r?\n/)) {
      const data = event.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      if (data) messages.push(parse(data));
    }
  } else {
    const body = parse(text);
    messages.push(...(Array.isArray(body) ? body : [body]));
  }
  return messages.find((m) => m && typeof m === 'object' && m.id === id);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new McpRemoteError('MCP server sent a body that is not JSON');
  }
}

/** One session: initialize, the work, then the session is ended (best effort) if the server made one. */
async function inSession<T>(endpoint: RemoteEndpoint, work: (request: (method: string, params: unknown) => Promise<any>) => Promise<T>): Promise<T> {
  const session: Session = { id: null, nextId: 1 };
  const init = await post(endpoint, session, 'initialize', { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'agent-studio', version: '1.0.0' } });
  session.id = init.response.headers.get('mcp-session-id');
  await post(endpoint, session, 'notifications/initialized', {}, true);
  try {
    return await work(async (method, params) => (await post(endpoint, session, method, params)).result);
  } finally {
    if (session.id) {
      await fetch(endpoint.url, { method: 'DELETE', headers: { ...endpoint.headers, 'mcp-session-id': session.id, 'mcp-protocol-version': MCP_PROTOCOL_VERSION } }).catch(() => undefined);
    }
  }
}

export async function listRemoteTools(endpoint: RemoteEndpoint): Promise<RemoteToolInfo[]> {
  return inSession(endpoint, async (request) => {
    const tools: RemoteToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await request('tools/list', cursor ? { cursor } : {});
      tools.push(...((result?.tools ?? []) as RemoteToolInfo[]));
      cursor = result?.nextCursor;
      if (!cursor) break;
    }
    return tools;
  });
}

export async function callRemoteTool(endpoint: RemoteEndpoint, name: string, args: Record<string, unknown>): Promise<RemoteCallResult> {
  return inSession(endpoint, (request) => request('tools/call', { name, arguments: args }));
}
