import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One plain node:http server for every network-edge fake (architecture.md "Tests": external
 * services are replaced only at the network edge). Each fake is a file exporting FakeRoute[];
 * routes.ts lists them. Started once per test run by global-setup.ts.
 */

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** Capture groups of the route's path pattern. */
  params: string[];
};

/** `bytes` for binary bodies (e.g. a gzip download); else `json` or `text`. */
export type FakeReply = { status: number; json?: unknown; text?: string; bytes?: Uint8Array; headers?: Record<string, string> };

export type FakeRoute = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: RegExp;
  handle(request: FakeRequest): FakeReply | Promise<FakeReply>;
};

export type RunningFakes = { url: string; close(): Promise<void> };

export async function startFakeServer(routes: FakeRoute[]): Promise<RunningFakes> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fakes');
    let reply: FakeReply;
    try {
      reply = await dispatch(routes, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        params: [],
      });
    } catch (error) {
      reply = { status: 500, json: { fake_error: error instanceof Error ? error.stack : String(error) } };
    }
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | Uint8Array = reply.bytes ?? reply.text ?? '';
    if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(reply.status, headers).end(payload);
  });
  // Ephemeral port on loopback only: parallel runs never collide and nothing is exposed.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function dispatch(routes: FakeRoute[], request: FakeRequest): FakeReply | Promise<FakeReply> {
  for (const route of routes) {
    if (route.method !== request.method) continue;
    const match = route.path.exec(request.path);
    if (match) return route.handle({ ...request, params: match.slice(1).map((p) => decodeURIComponent(p ?? '')) });
  }
  return { status: 404, json: { fake_error: `no fake serves ${request.method} ${request.path}` } };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** First value of a header (node gives string | string[] | undefined). */
export function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
