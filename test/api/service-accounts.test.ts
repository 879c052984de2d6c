/**
 * Issue 17, item 1: service accounts — machine principals an admin creates with a role, allowed
 * Playbooks and an expiry. The token is shown once, works through the same requireUser() as a
 * person's, is refused at once when revoked or rotated, says "expired" when it has, and sees only
 * its Playbooks (404 for the rest). Runs it starts and calls it makes name it as the principal.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { REQUEST_LOG_MAX } from '../../src/tenant/request-log';
import { createTestUser, json, type TestUser } from '../helpers';
import { drive, playbookWith, scriptedStep } from '../run/drive';
import { api } from './contract';
import { createApp } from '../../src/api/app';
import { UserTokenCache } from '../../src/auth/user-token-cache';

const tenant = () => env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));

let admin: TestUser;
let author: TestUser;
let mine: string;
let other: string;

async function createPlaybook(who: TestUser, name: string): Promise<string> {
  const doc = playbookWith([scriptedStep('make', [{ tool: 'sql.local', args: { statements: 'SELECT 1 AS a' } }])], { name });
  const created = await api('POST', '/playbooks', who, { json: doc });
  expect(created.status).toBe(201);
  return (await json(created)).id;
}

async function createAccount(body: Record<string, unknown> = {}) {
  const response = await api('POST', '/service-accounts', admin, { json: { name: 'Keboola component', role: 'runner', playbooks: [mine], expires_in_days: 30, ...body } });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return json(response);
}

const status = async (method: string, path: string, token: string, body?: unknown) => (await api(method, path, token, body === undefined ? {} : { json: body })).status;

beforeAll(async () => {
  admin = await createTestUser('admin');
  author = await createTestUser('author');
  mine = await createPlaybook(author, 'For the machine');
  other = await createPlaybook(author, 'Not for the machine');
});

describe('service accounts: create, list, authenticate', () => {
  it('creates one whose token is shown once, authenticates as a service-account principal, and lists with last use and no token', async () => {
    const issued = await createAccount();
    expect(issued).toMatchObject({ token: expect.stringMatching(/^ast_/), service_account: { id: expect.stringMatching(/^sa_[a-z0-9]+$/), role: 'runner', playbooks: [mine], expired: false, last_used_at: null, revoked_at: null } });
    const me = await api('GET', '/me', issued.token);
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ id: issued.service_account.id, kind: 'service_account', role: 'runner', allowed_playbooks: [mine] });

    const listed = await json(await api('GET', '/service-accounts', admin));
    const row = listed.service_accounts.find((a: { id: string }) => a.id === issued.service_account.id);
    expect(row).toMatchObject({ name: 'Keboola component', created_by: admin.id, token_last4: issued.token.slice(-4), last_used_at: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(issued.token);
  });

  it.each(['author', 'runner'] as const)('a %s may not create, list, rotate or revoke (403)', async (role) => {
    const who = await createTestUser(role);
    expect(await status('POST', '/service-accounts', who.token, { name: 'x', role: 'runner', playbooks: 'all', expires_in_days: 1 })).toBe(403);
    expect(await status('GET', '/service-accounts', who.token)).toBe(403);
    expect(await status('POST', '/service-accounts/sa_abc/rotate', who.token)).toBe(403);
    expect(await status('DELETE', '/service-accounts/sa_abc', who.token)).toBe(403);
    expect(await status('GET', '/request-log', who.token)).toBe(403);
  });

  it.each([
    [{ role: 'root' }, 'role'],
    [{ playbooks: [] }, 'playbooks'],
    [{ playbooks: 'some' }, 'playbooks'],
    [{ playbooks: ['Not A Slug'] }, 'playbooks[0]'],
    [{ name: '' }, 'name'],
    [{ expires_in_days: undefined }, 'expires_at'],
    [{ expires_in_days: 0 }, 'expires_in_days'],
    [{ expires_in_days: undefined, expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    [{ token: 'mine' }, '(root)'],
  ])('refuses %j with 422 naming %s', async (patch, field) => {
    const response = await api('POST', '/service-accounts', admin, { json: { name: 'x', role: 'runner', playbooks: 'all', expires_in_days: 1, ...patch } });
    expect(response.status).toBe(422);
    const issues: { path: string }[] = (await json(response)).error.details.issues;
    expect(issues.map((i) => i.path)).toContain(field);
  });
});

describe('service accounts: revocation, rotation, expiry', () => {
  it('a revoked token is refused at once (401), right after it was used', async () => {
    const issued = await createAccount();
    expect(await status('GET', '/me', issued.token)).toBe(200);
    expect(await status('DELETE', `/service-accounts/${issued.service_account.id}`, admin.token)).toBe(204);
    expect(await status('GET', '/me', issued.token)).toBe(401);
    const listed = await json(await api('GET', '/service-accounts', admin));
    expect(listed.service_accounts.find((a: { id: string }) => a.id === issued.service_account.id)).toMatchObject({ revoked_at: expect.any(String), token_last4: null });
    expect(await status('DELETE', `/service-accounts/${issued.service_account.id}`, admin.token)).toBe(404);
    expect(await status('POST', `/service-accounts/${issued.service_account.id}/rotate`, admin.token)).toBe(404);
  });

  it('revocation and rotation bite at once in another isolate too: its token cache never kept the machine token', async () => {
    // Two apps, two token caches: the request path of two isolates. B uses the token, A revokes or rotates.
    const isolateB = createApp({ userTokens: new UserTokenCache() });
    const statusIn = async (token: string) => (await isolateB.request('http://studio.test/v1/agent-studio/me', { headers: { authorization: `Bearer ${token}` } }, env)).status;
    const revoked = await createAccount();
    const rotated = await createAccount();
    expect(await statusIn(revoked.token)).toBe(200);
    expect(await statusIn(rotated.token)).toBe(200);
    expect(await status('DELETE', `/service-accounts/${revoked.service_account.id}`, admin.token)).toBe(204);
    expect(await status('POST', `/service-accounts/${rotated.service_account.id}/rotate`, admin.token)).toBe(200);
    expect(await statusIn(revoked.token)).toBe(401);
    expect(await statusIn(rotated.token)).toBe(401);
  });

  it('last use is recorded without a write per request', async () => {
    const issued = await createAccount();
    const lastUsed = async () => (await json(await api('GET', '/service-accounts', admin))).service_accounts.find((a: { id: string }) => a.id === issued.service_account.id).last_used_at;
    expect(await status('GET', '/me', issued.token)).toBe(200);
    const first = await lastUsed();
    expect(first).toEqual(expect.any(String));
    expect(await status('GET', '/me', issued.token)).toBe(200);
    expect(await lastUsed()).toBe(first);
  });

  it('rotation issues a new token and the old one is refused at once', async () => {
    const issued = await createAccount();
    expect(await status('GET', '/me', issued.token)).toBe(200);
    const rotated = await api('POST', `/service-accounts/${issued.service_account.id}/rotate`, admin);
    expect(rotated.status).toBe(200);
    const body = await json(rotated);
    expect(body.token).not.toBe(issued.token);
    expect(body.service_account).toMatchObject({ id: issued.service_account.id, token_last4: body.token.slice(-4), expires_at: issued.service_account.expires_at });
    expect(await status('GET', '/me', issued.token)).toBe(401);
    expect(await status('GET', '/me', body.token)).toBe(200);
  });

  it('an expired account is refused with 401 that says it expired', async () => {
    const issued = await createAccount();
    await runInDurableObject(tenant(), (_t: TenantObject, state) => {
      state.storage.sql.exec('UPDATE service_accounts SET expires_at = ? WHERE id = ?', new Date(Date.now() - 1000).toISOString(), issued.service_account.id);
    });
    const response = await api('GET', '/me', issued.token);
    expect(response.status).toBe(401);
    expect((await json(response)).error.message).toMatch(/expired/);
    const listed = await json(await api('GET', '/service-accounts', admin));
    expect(listed.service_accounts.find((a: { id: string }) => a.id === issued.service_account.id)).toMatchObject({ expired: true });
  });

  it('an unknown id is a 404; a malformed one a 422', async () => {
    expect(await status('DELETE', '/service-accounts/sa_doesnotexist', admin.token)).toBe(404);
    expect(await status('DELETE', '/service-accounts/not-an-id', admin.token)).toBe(422);
  });
});

describe('service accounts: scope and principal', () => {
  it('sees and runs only its Playbooks: others are 404 and left out of lists', async () => {
    const { token } = await createAccount();
    expect(await status('GET', `/playbooks/${mine}`, token)).toBe(200);
    expect(await status('GET', `/playbooks/${other}`, token)).toBe(404);
    expect(await status('POST', `/playbooks/${other}/run`, token, { inputs: {} })).toBe(404);
    const listed = (await json(await api('GET', '/playbooks', token))).playbooks.map((p: { id: string }) => p.id);
    expect(listed).toContain(mine);
    expect(listed).not.toContain(other);
  });

  it('an admin-role account limited to one Playbook still sees no other Playbook or its runs', async () => {
    const { token } = await createAccount({ role: 'admin' });
    const run = await api('POST', `/playbooks/${other}/run`, author, { json: { inputs: {} } });
    const runId = (await json(run)).id;
    expect(await status('GET', `/playbooks/${other}`, token)).toBe(404);
    expect(await status('GET', `/runs/${runId}`, token)).toBe(404);
    expect((await json(await api('GET', '/runs', token))).runs.map((r: { id: string }) => r.id)).not.toContain(runId);
  });

  it('an admin-role account limited to some Playbooks may not mint principals: no service accounts, users or user tokens (403)', async () => {
    const { token } = await createAccount({ role: 'admin' });
    expect(await status('POST', '/service-accounts', token, { name: 'escape', role: 'admin', playbooks: 'all', expires_in_days: 1 })).toBe(403);
    expect(await status('POST', `/users/${admin.id}/tokens`, token, { label: 'escape' })).toBe(403);
    expect(await status('POST', '/users', token, { id: `escape-${crypto.randomUUID().slice(0, 6)}`, name: 'Escape', role: 'admin' })).toBe(403);
    const unlimited = await createAccount({ role: 'admin', playbooks: 'all' });
    expect(await status('GET', '/service-accounts', unlimited.token)).toBe(200);
  });

  it('a run it starts names it as the principal (run view and request log)', async () => {
    const { token, service_account } = await createAccount();
    const started = await api('POST', `/playbooks/${mine}/run`, token, { json: { inputs: {} } });
    expect(started.status).toBe(201);
    const runId = (await json(started)).id;
    const detail = await drive(runId, admin);
    expect(detail).toMatchObject({ status: 'done', created_by: service_account.id, created_by_kind: 'service_account' });
    const asRunner = await json(await api('GET', `/runs/${runId}`, token));
    expect(asRunner).toMatchObject({ created_by: service_account.id, created_by_kind: 'service_account' });

    const events = await (await api('GET', `/runs/${runId}/events`, admin)).text();
    const created = [...events.matchAll(/^id: \d+\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!)).find((e) => e.type === 'run_created');
    expect(created.data).toMatchObject({ created_by: service_account.id, created_by_kind: 'service_account' });

    const log = await json(await api('GET', `/request-log?principal_id=${service_account.id}`, admin));
    expect(log.entries).toEqual([expect.objectContaining({ principal_kind: 'service_account', method: 'POST', path: `/v1/agent-studio/playbooks/${mine}/run`, status: 201 })]);
    const people = await json(await api('GET', `/request-log?principal_id=${admin.id}`, admin));
    expect(people.entries[0]).toMatchObject({ principal_kind: 'user' });
  });

  it('a person\'s run says so', async () => {
    const started = await api('POST', `/playbooks/${mine}/run`, author, { json: { inputs: {} } });
    expect(await json(started)).toMatchObject({ created_by: author.id, created_by_kind: 'user' });
  });
});

describe('the request log', () => {
  it('keeps only the newest entries (bounded), newest first', async () => {
    await runInDurableObject(tenant(), (t: TenantObject) => {
      const at = new Date().toISOString();
      t.logRequests(Array.from({ length: REQUEST_LOG_MAX + 5 }, (_, i) => ({ at, principal_id: 'bulk', principal_kind: 'user' as const, method: 'POST', path: `/n/${i}`, status: 200 })));
    });
    const count = await runInDurableObject(tenant(), (_t: TenantObject, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM request_log').one().n);
    expect(count).toBe(REQUEST_LOG_MAX);
    const newest = await json(await api('GET', '/request-log?principal_id=bulk&limit=2', admin));
    expect(newest.entries.map((e: { path: string }) => e.path)).toEqual([`/n/${REQUEST_LOG_MAX + 4}`, `/n/${REQUEST_LOG_MAX + 3}`]);
  });

  it('refuses a bad limit with 422 naming it', async () => {
    const response = await api('GET', '/request-log?limit=0', admin);
    expect(response.status).toBe(422);
    expect((await json(response)).error.details.issues.map((i: { path: string }) => i.path)).toContain('limit');
  });
});
