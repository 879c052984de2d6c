import { expect } from 'vitest';
import { call, json, type TestUser } from '../helpers';

let nextId = 1;

/** One JSON-RPC request to Agent Studio's MCP endpoint, as a Streamable HTTP client sends it. */
export async function mcp(user: TestUser | string | null, method: string, params: Record<string, unknown> = {}, path = '/mcp'): Promise<Response> {
  // The helper prefixes bare paths with the API's; the root endpoint needs the whole URL.
  return call('POST', path.startsWith('/v1') ? path : `http://studio.test${path}`, user, {
    json: { jsonrpc: '2.0', id: nextId++, method, params },
    headers: { accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
  });
}

/** The result of a JSON-RPC request that must succeed at the protocol level. */
export async function rpcResult(user: TestUser, method: string, params: Record<string, unknown> = {}): Promise<any> {
  const res = await mcp(user, method, params);
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await json(res);
  expect(body.error, JSON.stringify(body.error)).toBeUndefined();
  return body.result;
}

/** tools/call: `{isError, text, data}` with the text parsed as JSON when it is JSON. */
export async function callTool(user: TestUser, name: string, args: Record<string, unknown> = {}): Promise<{ isError: boolean; text: string; data: any; result: any }> {
  const result = await rpcResult(user, 'tools/call', { name, arguments: args });
  const text = result.content?.[0]?.text ?? '';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  return { isError: result.isError === true, text, data, result };
}
