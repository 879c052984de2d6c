/**
 * Issue 12, item 1: user-token lookups are remembered in the isolate for a short TTL, so a request
 * does not ask the Tenant who it is from — and a role change or a revocation still bites within
 * that TTL. The app runs with its own cache on a fake clock: no test sleeps for 10 s.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user';
import { createApp } from '../../src/api/app';
import { UserTokenCache } from '../../src/auth/user-token-cache';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { createTestUser, json } from '../helpers';

const TTL_MS = 10_000;
const UNKNOWN_TTL_MS = 1_000;

const tenant = () => env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
const tenantSql = (statement: string, ...params: string[]) =>
  runInDurableObject(tenant(), (_t: TenantObject, state) => state.storage.sql.exec(statement, ...params).toArray());

/** An app whose token cache reads the returned clock; `advance` moves it. */
function appWithClock() {
  let now = 1_000_000;
  const tokens = new UserTokenCache({ ttlMs: TTL_MS, unknownTtlMs: UNKNOWN_TTL_MS, now: () => now });
  const app = createApp({ userTokens: tokens });
  const me = async (token: string) => {
    const response = await app.request('http://studio.test/v1/agent-studio/me', { headers: { authorization: `Bearer ${token}` } }, env);
    return { status: response.status, body: await json(response) };
  };
  return { tokens, me, advance: (ms: number) => (now += ms) };
}

describe('the user-token cache in requireUser()', () => {
  it('a role change takes effect once the TTL has passed, not before', async () => {
    const { me, advance } = appWithClock();
    const user = await createTestUser('runner');
    expect((await me(user.token)).body.role).toBe('runner');

    await tenantSql("UPDATE users SET role = 'admin' WHERE id = ?", user.id);
    advance(TTL_MS - 1);
    expect((await me(user.token)).body.role).toBe('runner');
    advance(2);
    expect((await me(user.token)).body.role).toBe('admin');
  });

  it('a revoked token is refused once the TTL has passed, and at once where the cache is told', async () => {
    const { tokens, me, advance } = appWithClock();
    const revoked = await createTestUser('author');
    const told = await createTestUser('author');
    expect((await me(revoked.token)).status).toBe(200);
    expect((await me(told.token)).status).toBe(200);

    await tenantSql('DELETE FROM tokens WHERE user_id IN (?, ?)', revoked.id, told.id);
    await tokens.invalidate(told.token);
    expect((await me(told.token)).status).toBe(401);
    advance(TTL_MS / 2);
    expect((await me(revoked.token)).status).toBe(200);
    advance(TTL_MS / 2 + 1);
    const refused = await me(revoked.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
  });

  it('invalidateUser forgets every token of that user', async () => {
    const { tokens, me } = appWithClock();
    const user = await createTestUser('author');
    expect((await me(user.token)).body.role).toBe('author');
    await tenantSql("UPDATE users SET role = 'runner' WHERE id = ?", user.id);
    tokens.invalidateUser(user.id);
    expect((await me(user.token)).body.role).toBe('runner');
  });

  it('an unknown token is remembered only briefly: a token issued just after works within a second', async () => {
    const { me, advance } = appWithClock();
    const user = await createTestUser('author');
    const token = `test-token-${crypto.randomUUID()}`;
    expect((await me(token)).status).toBe(401);
    await runInDurableObject(tenant(), (t: TenantObject) => t.addToken(user.id, token, 'late', new Date().toISOString()));
    expect((await me(token)).status).toBe(401);
    advance(UNKNOWN_TTL_MS + 1);
    expect((await me(token)).body.id).toBe(user.id);
  });
});

describe('UserTokenCache', () => {
  const someone: User = { id: 'u1', name: 'U', role: 'author', groups: [], created_at: '2026-01-01T00:00:00.000Z' };

  function counted(result: User | null = someone) {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return {
      lookup: async () => {
        calls++;
        await gate;
        return result && { user: result, expires_at: null };
      },
      release: () => release(),
      calls: () => calls,
    };
  }

  it('a known token is asked for once per TTL; an unknown one once per unknown TTL', async () => {
    let now = 0;
    const tokens = new UserTokenCache({ now: () => now });
    const known = counted();
    const unknown = counted(null);
    known.release();
    unknown.release();
    for (const at of [0, 500, 9_999]) {
      now = at;
      expect(await tokens.resolve('ast_known', known.lookup)).toMatchObject({ id: 'u1' });
      expect(await tokens.resolve('ast_unknown', unknown.lookup)).toBeNull();
    }
    expect([known.calls(), unknown.calls()]).toEqual([1, 2]);
    now = 10_000;
    await tokens.resolve('ast_known', known.lookup);
    expect(known.calls()).toBe(2);
  });

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const tokens = new UserTokenCache({ maxEntries: 2 });
    const tenantCalls = counted();
    tenantCalls.release();
    for (const token of ['a', 'b', 'a', 'c']) await tokens.resolve(token, tenantCalls.lookup);
    expect(tenantCalls.calls()).toBe(3);
    await tokens.resolve('a', tenantCalls.lookup); // used after b: kept
    expect(tenantCalls.calls()).toBe(3);
    await tokens.resolve('b', tenantCalls.lookup); // dropped for c
    expect(tenantCalls.calls()).toBe(4);
  });

  it('a lookup in flight when the token is invalidated does not put the old answer back', async () => {
    const tokens = new UserTokenCache();
    const before = counted();
    const inFlight = tokens.resolve('ast_revoked', before.lookup);
    while (before.calls() === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    await tokens.invalidate('ast_revoked');
    before.release();
    expect(await inFlight).toMatchObject({ id: 'u1' });
    const after = counted(null);
    after.release();
    expect(await tokens.resolve('ast_revoked', after.lookup)).toBeNull();
    expect(after.calls()).toBe(1);
  });

  it('hands out a frozen user: one request cannot change it for the next', async () => {
    const tokens = new UserTokenCache();
    const lookup = async () => ({ user: { ...someone, groups: ['finance'] }, expires_at: null });
    const first = (await tokens.resolve('ast_shared', lookup))!;
    expect(() => first.groups.push('platform')).toThrow(TypeError);
    expect(() => Object.assign(first, { role: 'admin' })).toThrow(TypeError);
    expect(await tokens.resolve('ast_shared', lookup)).toMatchObject({ role: 'author', groups: ['finance'] });
  });

  it('a failed lookup is not remembered', async () => {
    const tokens = new UserTokenCache();
    await expect(tokens.resolve('ast_x', async () => { throw new Error('tenant unavailable'); })).rejects.toThrow('tenant unavailable');
    expect(await tokens.resolve('ast_x', async () => ({ user: someone, expires_at: null }))).toMatchObject({ id: 'u1' });
  });

  it('an expiring token is never trusted past its expiry, even while cached', async () => {
    let now = Date.parse('2026-06-01T00:00:00.000Z');
    const tokens = new UserTokenCache({ now: () => now });
    let calls = 0;
    const lookup = async () => (calls++, { user: someone, expires_at: '2026-06-01T00:00:05.000Z' });
    expect(await tokens.resolve('ast_expiring', lookup)).toMatchObject({ id: 'u1' });
    now += 4_999;
    expect(await tokens.resolve('ast_expiring', lookup)).toMatchObject({ id: 'u1' });
    expect(calls).toBe(1);
    now += 1;
    expect(await tokens.resolve('ast_expiring', lookup)).toBeNull();
  });
});
