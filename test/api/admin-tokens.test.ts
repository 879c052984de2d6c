/**
 * Issue 16, item 1: user tokens can expire, be listed (never their secret) and be revoked, by an
 * admin only; an expired or revoked token is refused at once; another user's token id or a guessed
 * one is a 404 that changes nothing.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { createTestUser, json, type TestUser } from '../helpers';
import { api } from './contract';

const tenant = () => env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
const DAY_MS = 86_400_000;

async function issue(admin: TestUser, userId: string, body: Record<string, unknown>) {
  const response = await api('POST', `/users/${userId}/tokens`, admin, { json: body });
  return { status: response.status, body: await json(response) };
}

const me = async (token: string) => (await api('GET', '/me', token)).status;

describe('token expiry', () => {
  it('expires_in_days sets expires_at that many days ahead; the token works until then', async () => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('author');
    const before = Date.now();
    const issued = await issue(admin, user.id, { label: 'ci', expires_in_days: 7 });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ user_id: user.id, label: 'ci', id: expect.stringMatching(/^tok_[a-z0-9]+$/) });
    const expires = Date.parse(issued.body.expires_at);
    expect(expires - before).toBeGreaterThanOrEqual(7 * DAY_MS - 1000);
    expect(expires - before).toBeLessThanOrEqual(7 * DAY_MS + 5000);
    expect(await me(issued.body.token)).toBe(200);
  });

  it('an expires_at in the future is kept (normalised to UTC); without either the token never expires', async () => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('runner');
    const at = new Date(Date.now() + 3 * DAY_MS);
    const withOffset = at.toISOString().replace('Z', '+00:00');
    const issued = await issue(admin, user.id, { expires_at: withOffset });
    expect(issued.status).toBe(201);
    expect(issued.body.expires_at).toBe(at.toISOString());
    const forever = await issue(admin, user.id, { label: 'forever' });
    expect(forever.body.expires_at).toBeNull();
    expect(await me(forever.body.token)).toBe(200);
  });

  it('a token past its expiry is refused with 401 (the Tenant checks it on every lookup)', async () => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('author');
    const issued = await issue(admin, user.id, { label: 'short', expires_in_days: 1 });
    await runInDurableObject(tenant(), (_t: TenantObject, state) => {
      state.storage.sql.exec('UPDATE tokens SET expires_at = ? WHERE id = ?', new Date(Date.now() - 1000).toISOString(), issued.body.id);
    });
    const response = await api('GET', '/me', issued.body.token);
    expect(response.status).toBe(401);
    expect((await json(response)).error.code).toBe('unauthorized');
    const listed = await json(await api('GET', `/users/${user.id}/tokens`, admin));
    expect(listed.tokens.find((t: { id: string }) => t.id === issued.body.id)).toMatchObject({ expired: true });
  });

  it('a token that expires in two seconds works, then is refused without any revocation', async () => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('author');
    const issued = await issue(admin, user.id, { expires_at: new Date(Date.now() + 2000).toISOString() });
    expect(issued.status).toBe(201);
    expect(await me(issued.body.token)).toBe(200); // now cached in this isolate for up to 10 s
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await me(issued.body.token)).toBe(401);
  });

  it.each([
    [{ expires_in_days: 0 }, 'expires_in_days'],
    [{ expires_in_days: -3 }, 'expires_in_days'],
    [{ expires_in_days: 1.5 }, 'expires_in_days'],
    [{ expires_in_days: 3651 }, 'expires_in_days'],
    [{ expires_in_days: '7' }, 'expires_in_days'],
    [{ expires_at: 'tomorrow' }, 'expires_at'],
    [{ expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    [{ expires_at: '2999-01-01T00:00:00Z' }, 'expires_at'],
    [{ expires_in_days: 3, expires_at: new Date(Date.now() + DAY_MS).toISOString() }, 'expires_at'],
    [{ label: '' }, 'label'],
    [{ label: 'x', secret: 'nope' }, '(root)'],
  ])('refuses %j with 422 naming %s, issuing nothing', async (body, field) => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('author');
    const response = await api('POST', `/users/${user.id}/tokens`, admin, { json: body });
    expect(response.status).toBe(422);
    const error = (await json(response)).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues.map((d: { path: string }) => d.path)).toContain(field);
    expect(error.message).toContain(field === '(root)' ? 'secret' : field);
    expect((await json(await api('GET', `/users/${user.id}/tokens`, admin))).tokens).toHaveLength(1); // the test token only
  });
});

describe('listing tokens', () => {
  it('shows label, dates, expiry and the last four characters, never the token or its hash', async () => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('author');
    const a = await issue(admin, user.id, { label: 'laptop', expires_in_days: 30 });
    const b = await issue(admin, user.id, { label: 'ci' });
    const response = await api('GET', `/users/${user.id}/tokens`, admin);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const secret of [a.body.token, b.body.token, user.token]) expect(text).not.toContain(secret.slice(0, 12));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    const { tokens } = JSON.parse(text);
    expect(tokens).toHaveLength(3);
    const laptop = tokens.find((t: { id: string }) => t.id === a.body.id);
    expect(laptop).toEqual({
      id: a.body.id, user_id: user.id, label: 'laptop', created_at: expect.any(String), expires_at: a.body.expires_at, expired: false, last4: a.body.token.slice(-4),
    });
    expect(Object.keys(laptop).sort()).toEqual(['created_at', 'expired', 'expires_at', 'id', 'label', 'last4', 'user_id']);
  });

  it('is 404 for an unknown user', async () => {
    const admin = await createTestUser('admin');
    expect((await api('GET', '/users/nobody-here/tokens', admin)).status).toBe(404);
  });
});

describe('revoking tokens', () => {
  it('a revoked token is refused at once, even right after it was used (and cached)', async () => {
    const admin = await createTestUser('admin');
    const user = await createTestUser('author');
    const issued = await issue(admin, user.id, { label: 'to revoke', expires_in_days: 5 });
    expect(await me(issued.body.token)).toBe(200);
    const response = await api('DELETE', `/users/${user.id}/tokens/${issued.body.id}`, admin);
    expect(response.status).toBe(204);
    expect(await me(issued.body.token)).toBe(401);
    expect(await me(user.token)).toBe(200); // the user's other token is untouched
    const { tokens } = await json(await api('GET', `/users/${user.id}/tokens`, admin));
    expect(tokens.map((t: { id: string }) => t.id)).not.toContain(issued.body.id);
    expect((await api('DELETE', `/users/${user.id}/tokens/${issued.body.id}`, admin)).status).toBe(404);
  });

  it('another user\'s token id, a guessed id and a malformed id are refused and revoke nothing', async () => {
    const admin = await createTestUser('admin');
    const alice = await createTestUser('author');
    const bob = await createTestUser('author');
    const bobs = await issue(admin, bob.id, { label: 'bob' });
    expect((await api('DELETE', `/users/${alice.id}/tokens/${bobs.body.id}`, admin)).status).toBe(404);
    expect((await api('DELETE', `/users/${alice.id}/tokens/tok_aaaaaaaaaaaaaaa`, admin)).status).toBe(404);
    expect((await api('DELETE', `/users/${bob.id}/tokens/tok_${bobs.body.id.slice(4, -1)}`, admin)).status).toBe(404);
    expect((await api('DELETE', `/users/${bob.id}/tokens/${encodeURIComponent("tok_x' OR 1=1 --")}`, admin)).status).toBe(422);
    expect((await api('DELETE', `/users/${bob.id}/tokens/%25`, admin)).status).toBe(422);
    expect(await me(bobs.body.token)).toBe(200);
    expect(await me(bob.token)).toBe(200);
    expect((await json(await api('GET', `/users/${bob.id}/tokens`, admin))).tokens).toHaveLength(2);
  });
});

describe('only admins manage tokens', () => {
  it.each(['author', 'runner'] as const)('a %s gets 403 listing, issuing or revoking, even their own', async (role) => {
    const admin = await createTestUser('admin');
    const caller = await createTestUser(role);
    const victim = await createTestUser('author');
    const victims = await issue(admin, victim.id, { label: 'v' });
    const own = (await json(await api('GET', `/users/${caller.id}/tokens`, admin))).tokens[0].id;
    for (const [method, path, body] of [
      ['GET', `/users/${victim.id}/tokens`],
      ['GET', `/users/${caller.id}/tokens`],
      ['POST', `/users/${victim.id}/tokens`, { label: 'mine now', expires_in_days: 1 }],
      ['POST', `/users/${caller.id}/tokens`, { label: 'forever' }],
      ['DELETE', `/users/${victim.id}/tokens/${victims.body.id}`],
      ['DELETE', `/users/${caller.id}/tokens/${own}`],
    ] as const) {
      const response = await api(method, path, caller, body ? { json: body } : {});
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await response.text()).not.toContain('ast_');
    }
    expect(await me(victims.body.token)).toBe(200);
    expect((await json(await api('GET', `/users/${victim.id}/tokens`, admin))).tokens).toHaveLength(2);
  });
});
