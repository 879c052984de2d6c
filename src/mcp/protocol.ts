import { issuesOf } from '../domain/issues';
import { listing, type McpTool } from './tool-def';

/**
 * MCP's JSON-RPC for a tools-only, stateless server (spec 2025-06-18; 2025-11-25 asks nothing more
 * of one): initialize, ping, tools/list, tools/call; notifications are accepted and need no answer.
 * Written here rather than taken from the SDK's McpServer, which grew the Worker's main chunk by
 * ~128 KB gzip (its own zod and JSON Schema compiler), past the 550 KB limit.
 */
export const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18'] as const;
const DEFAULT_VERSION = '2025-06-18';

export type ServerInfo = { name: string; version: string; instructions: string };
export type JsonRpcId = string | number | null;
export type JsonRpcResponse = { jsonrpc: '2.0'; id: JsonRpcId; result?: unknown; error?: { code: number; message: string; data?: unknown } };

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

export function rpcError(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

type Message = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

/** A request or notification, or why it is not one. Responses from a client are not expected here (no server requests). */
export function classify(message: unknown): { kind: 'request'; id: JsonRpcId; method: string; params: Record<string, unknown> } | { kind: 'notification' } | { kind: 'invalid'; reason: string } {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return { kind: 'invalid', reason: 'a JSON-RPC message must be an object (batches are not part of MCP 2025-06-18)' };
  const m = message as Message;
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', reason: 'jsonrpc must be "2.0"' };
  if (typeof m.method !== 'string') return { kind: 'invalid', reason: 'method must be a string' };
  const params = m.params === undefined ? {} : m.params;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return { kind: 'invalid', reason: 'params must be an object' };
  if (m.id === undefined) return { kind: 'notification' };
  if (typeof m.id !== 'string' && typeof m.id !== 'number') return { kind: 'invalid', reason: 'id must be a string or a number' };
  return { kind: 'request', id: m.id, method: m.method, params: params as Record<string, unknown> };
}

/** The answer to one request. Tool failures the caller can act on are results with isError, not protocol errors. */
export async function answer(info: ServerInfo, tools: readonly McpTool[], id: JsonRpcId, method: string, params: Record<string, unknown>): Promise<JsonRpcResponse> {
  switch (method) {
    case 'initialize': {
      const asked = params.protocolVersion;
      const protocolVersion = SUPPORTED_VERSIONS.includes(asked as never) ? asked : DEFAULT_VERSION;
      return { jsonrpc: '2.0', id, result: { protocolVersion, capabilities: { tools: { listChanged: false } }, serverInfo: { name: info.name, version: info.version }, instructions: info.instructions } };
    }
    case 'ping':
      return { jsonrpc: '2.0', id, result: {} };
    case 'tools/list':
      return { jsonrpc: '2.0', id, result: { tools: tools.map(listing) } };
    case 'tools/call': {
      const tool = tools.find((t) => t.name === params.name);
      if (!tool) return rpcError(id, INVALID_PARAMS, `Unknown tool: ${String(params.name)}`);
      const parsed = tool.input.safeParse(params.arguments ?? {});
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        const text = `Invalid arguments for ${tool.name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
        return { jsonrpc: '2.0', id, result: { isError: true, content: [{ type: 'text', text }], structuredContent: { error: { code: 'validation_failed', message: text, details: { issues } } } } };
      }
      return { jsonrpc: '2.0', id, result: await tool.run(parsed.data) };
    }
    default:
      return rpcError(id, METHOD_NOT_FOUND, `Method not found: ${method}`);
  }
}
