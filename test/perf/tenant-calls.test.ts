/**
 * Issue 12: how many calls into the one Tenant object each request makes. The Tenant serialises
 * every call, so under load its calls per request are what a request waits for. The app runs on an
 * env whose Tenant stub counts the RPC methods called; the counts below are the budget.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app';
import { UserTokenCache } from '../../src/auth/user-token-cache';
import { createTestUser, json, type TestUser } from '../helpers';
import { drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { sendStep } from '../governance/helpers';

let calls: string[] = [];

/** A stub whose every method call is written down before it goes to the real Tenant object. */
function counted<T extends object>(stub: T): T {
  return new Proxy(stub, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(prop);
        return Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
      };
    },
  });
}

const countingEnv = {
  ...env,
  TENANT: {
    idFromName: (name: string) => env.TENANT.idFromName(name),
    get: (id: DurableObjectId) => counted(env.TENANT.get(id)),
  },
} as unknown as typeof env;

const app = createApp({ userTokens: new UserTokenCache() });

/** The Tenant methods one request called (after a first request warmed the token cache). */
async function tenantCalls(method: string, path: string, token: string, body?: unknown): Promise<string[]> {
  calls = [];
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await app.request(`http://studio.test/v1/agent-studio${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, countingEnv);
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(500);
  await response.arrayBuffer();
  return calls;
}

let author: TestUser;
let playbookId: string;
let runId: string;
let approvalId: string;

beforeAll(async () => {
  author = await createTestUser('author');
  const created = await json(await app.request('http://studio.test/v1/agent-studio/playbooks', {
    method: 'POST', headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(playbookWith([scriptedStep('log', [{ tool: 'kbagent.log', args: { message: 'x' } }]), sendStep('post', '#perf', 'hi')])),
  }, env));
  playbookId = created.id;
  runId = await startRun(author, playbookId);
  const waiting = await drive(runId, author);
  approvalId = waiting.approvals.find((a: { status: string }) => a.status === 'pending').id;
});

describe('Tenant calls per request', () => {
  it('authentication: one call for a token the isolate has not seen, none within the TTL', async () => {
    const fresh = await createTestUser('runner');
    expect(await tenantCalls('GET', '/me', fresh.token)).toEqual(['authenticate']);
    expect(await tenantCalls('GET', '/me', fresh.token)).toEqual([]);
  });

  it('lists and reads: one call each (a revision log: two at once)', async () => {
    await tenantCalls('GET', '/me', author.token);
    expect(await tenantCalls('GET', '/playbooks', author.token)).toEqual(['listPlaybooksJsonFor']);
    expect(await tenantCalls('GET', '/runs', author.token)).toEqual(['listRunsFor']);
    expect(await tenantCalls('GET', '/approvals', author.token)).toEqual(['listApprovalsFor']);
    expect(await tenantCalls('GET', '/inbox', author.token)).toEqual(['listInboxFor']);
    expect(await tenantCalls('GET', `/runs/${runId}`, author.token)).toEqual(['getRunFor']);
    expect(await tenantCalls('GET', `/playbooks/${playbookId}`, author.token)).toEqual(['getPlaybook']);
    // Two calls, made together: the request waits for one round trip.
    expect(await tenantCalls('GET', `/playbooks/${playbookId}/revisions`, author.token)).toEqual(['getPlaybook', 'listRevisions']);
    expect(await tenantCalls('GET', `/playbooks/${playbookId}/revisions/1`, author.token)).toEqual(['getPlaybook', 'listRevisions']);
    // A wrong body hash: refused by the run, after the one Tenant call that found it. Then the
    // request log (issue 17): a call that may change something is logged, after the response
    // where there is an execution context (waitUntil); reads never are.
    expect(await tenantCalls('POST', `/approvals/${approvalId}/approve`, author.token, { body_hash: 'a'.repeat(64) })).toEqual(['getApprovalRefFor', 'logRequests']);
  });

  it('the tool registry and connections: one call each once discovery has run', async () => {
    await tenantCalls('GET', '/connections', author.token); // the first may discover (and save) first
    expect(await tenantCalls('GET', '/tools', author.token)).toEqual(['getDiscoveryState']);
    expect(await tenantCalls('GET', '/connections', author.token)).toEqual(['getDiscoveryState']);
  });

  it('starting a run: one call once the isolate has started that Playbook', async () => {
    await tenantCalls('GET', '/me', author.token);
    const id = (await json(await app.request('http://studio.test/v1/agent-studio/playbooks', {
      method: 'POST', headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(playbookWith([scriptedStep('log', [{ tool: 'kbagent.log', args: { message: 'x' } }])])),
    }, env))).id;
    expect(await tenantCalls('POST', `/playbooks/${id}/run`, author.token, { inputs: {} })).toEqual(['getPlaybook', 'claimRun', 'logRequests']);
    expect(await tenantCalls('POST', `/playbooks/${id}/run`, author.token, { inputs: {} })).toEqual(['claimRun', 'logRequests']);
  });

  it('a tool call with a run token: none (the run checks the token\'s run itself)', async () => {
    const minted = await json(await app.request(`http://studio.test/v1/agent-studio/runs/${runId}/token`, { method: 'POST', headers: { authorization: `Bearer ${author.token}` } }, env));
    expect(await tenantCalls('POST', '/tools/kbagent.log/call', minted.token, { args: { message: 'from outside' } })).toEqual([]);
  });
});
