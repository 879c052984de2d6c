import { env, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import type { TenantObject } from '../src/tenant/tenant-object';
import type { Role } from '../src/domain/user';

export const API = 'http://studio.test/v1/agent-studio';

export type TestUser = { id: string; token: string; role: Role };

let counter = 0;

/** Creates a user with a fresh token directly in the real Tenant Durable Object. */
export async function createTestUser(role: Role, groups: string[] = []): Promise<TestUser> {
  counter += 1;
  const id = `${role}-${counter}-${crypto.randomUUID().slice(0, 6)}`;
  const token = `test-token-${crypto.randomUUID()}`;
  const stub = env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
  await runInDurableObject(stub, async (tenant: TenantObject) => {
    tenant.createUser({ id, name: `Test ${role}`, role, groups }, new Date().toISOString());
    await tenant.addToken(id, token, 'test', new Date().toISOString());
  });
  return { id, token, role };
}

type Body = { json?: unknown; yaml?: string; raw?: BodyInit; contentType?: string; headers?: Record<string, string> };

/** A request through the real Worker entry point (auth, routing, Durable Objects, R2). */
export async function call(method: string, path: string, user: TestUser | string | null, body: Body = {}): Promise<Response> {
  const headers = new Headers(body.headers);
  const token = typeof user === 'string' ? user : user?.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  let payload: BodyInit | undefined;
  if (body.json !== undefined) {
    headers.set('content-type', body.contentType ?? 'application/json');
    payload = JSON.stringify(body.json);
  } else if (body.yaml !== undefined) {
    headers.set('content-type', body.contentType ?? 'application/yaml');
    payload = body.yaml;
  } else if (body.raw !== undefined) {
    if (body.contentType) headers.set('content-type', body.contentType);
    payload = body.raw;
  }
  const url = path.startsWith('http') ? path : path.startsWith('/v1') || path.startsWith('/openapi') ? `http://studio.test${path}` : `${API}${path}`;
  return exports.default.fetch(new Request(url, { method, headers, body: payload }));
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The smallest valid Playbook document. */
export function minimalPlaybook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Weekly check',
    sop: {
      goal: 'Check the data',
      steps: [{ id: 'look', title: 'Look', instruction: 'Look at the table', completion_criteria: 'Looked', allowed_tools: ['sql.local'] }],
    },
    budget: { max_usd_per_run: 1 },
    ...overrides,
  };
}
