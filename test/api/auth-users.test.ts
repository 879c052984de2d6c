/**
 * Issue 2, item 5 (authentication half; spec §8, security.md "Scoped run tokens" row for user
 * endpoints): every API route needs a valid user token; run tokens (JWTs) are refused on user
 * endpoints; only admins create users and issue tokens; an issued token works and is stored hashed.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { createTestUser, json, minimalPlaybook } from '../helpers';
import { HTTP_METHODS, api, expectContract, openApiDocument } from './contract';
import { expectUnchanged } from './state';

const tenant = () => env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));

async function runTokenShaped(): Promise<string> {
  return new SignJWT({ run_id: 'run_x', allowed_tools: ['*'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'run+jwt' })
    .setIssuer('agent-studio')
    .setAudience('agent-studio/tools')
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode('some-secret-some-secret-some-secret'));
}

const base64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A request with an exact Authorization header (or none), through the real Worker. */
async function withAuthorization(method: string, path: string, authorization: string | null, body?: unknown): Promise<Response> {
  const headers = new Headers();
  if (authorization !== null) headers.set('authorization', authorization);
  if (body !== undefined) headers.set('content-type', 'application/json');
  const url = `http://studio.test${path}`;
  const response = await exports.default.fetch(new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  await expectContract(method, path, response);
  return response;
}

describe('authentication on user endpoints', () => {
  it('refuses no token, a wrong token, malformed headers and JWT-shaped tokens with 401 on every route, changing nothing', async () => {
    const admin = await createTestUser('admin');
    const author = await createTestUser('author');
    const target = await json(await api('POST', '/playbooks', author, { json: minimalPlaybook() }));
    const doc = await openApiDocument();
    const jwt = await runTokenShaped();
    const bad: [string, string | null][] = [
      ['no header', null],
      ['empty header', ''],
      ['wrong token', 'Bearer ast_this-token-was-never-issued'],
      ['scheme only', 'Bearer'],
      ['scheme and space', 'Bearer '],
      ['two tokens', `Bearer ${author.token} ${author.token}`],
      ['Basic scheme with a valid token as password', `Basic ${btoa(`${author.id}:${author.token}`)}`],
      ['token without scheme', author.token],
      ['colon after scheme', `Bearer: ${author.token}`],
      ['run token (JWT)', `Bearer ${jwt}`],
      ['alg none JWT', `Bearer ${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(`{"sub":"${admin.id}"}`)}.`],
    ];
    const filled = (template: string) =>
      template.replace('{id}', template.includes('/users/') ? author.id : template.includes('/playbooks/') ? target.id : 'x').replace('{n}', '1');
    const bodies: Record<string, unknown> = {
      [`POST /users`]: { id: 'intruder', name: 'Intruder', role: 'admin' },
      [`POST /playbooks`]: minimalPlaybook({ name: 'Intruder' }),
      [`PATCH /playbooks/{id}`]: { name: 'Intruder' },
      [`PUT /playbooks/{id}/sharing`]: { allowed_users: [] },
    };
    await expectUnchanged(author, [target.id], async () => {
      for (const [template, item] of Object.entries(doc.paths)) {
        // Webhook deliveries take no bearer token at all: test/triggers/ covers their signature checks.
        if (template.startsWith('/v1/agent-studio/hooks/')) continue;
        for (const method of HTTP_METHODS) {
          if (!item[method]) continue;
          const short = template.replace('/v1/agent-studio', '');
          for (const [what, header] of bad) {
            const response = await withAuthorization(method.toUpperCase(), filled(template), header, bodies[`${method.toUpperCase()} ${short}`]);
            expect(response.status, `${method.toUpperCase()} ${template} with ${what}`).toBe(401);
            expect((await json(response)).error.code).toBe('unauthorized');
          }
        }
      }
    });
    // Nothing was created by any of those requests.
    const users = (await json(await api('GET', '/users', admin))).users as { id: string }[];
    expect(users.map((u) => u.id)).not.toContain('intruder');
  });

  it('refuses a JWT-shaped bearer even if that exact string were registered as a user token', async () => {
    const admin = await createTestUser('admin');
    const jwt = await runTokenShaped();
    await runInDurableObject(tenant(), (t: TenantObject) => t.addToken(admin.id, jwt, 'smuggled', new Date().toISOString()));
    const response = await api('GET', '/me', jwt);
    expect(response.status).toBe(401);
    expect((await json(response)).error.message).toMatch(/run token/i);
  });

  it('accepts the bearer scheme case-insensitively and with extra spaces (RFC 9110 §11.1)', async () => {
    const author = await createTestUser('author');
    for (const header of [`bearer ${author.token}`, `BEARER ${author.token}`, `Bearer   ${author.token}`]) {
      const response = await withAuthorization('GET', '/v1/agent-studio/me', header);
      expect(response.status, header).toBe(200);
      expect((await json(response)).id).toBe(author.id);
    }
  });

  it('/me answers who the token belongs to', async () => {
    const runner = await createTestUser('runner', ['finance']);
    const me = await json(await api('GET', '/me', runner));
    expect(me).toMatchObject({ id: runner.id, role: 'runner', groups: ['finance'] });
  });
});

describe('users and tokens', () => {
  it('only admins create users; an author or runner gets 403 and nothing is created', async () => {
    const admin = await createTestUser('admin');
    for (const role of ['author', 'runner'] as const) {
      const caller = await createTestUser(role);
      const id = `made-by-${role}-${crypto.randomUUID().slice(0, 6)}`;
      const response = await api('POST', '/users', caller, { json: { id, name: 'Escalated', role: 'admin' } });
      expect(response.status).toBe(403);
      expect((await json(response)).error.code).toBe('forbidden');
      const users = (await json(await api('GET', '/users', admin))).users as { id: string }[];
      expect(users.map((u) => u.id)).not.toContain(id);
    }
  });

  it('lists the directory by least privilege: an admin in full, an author only id, name and groups, a runner 403', async () => {
    const admin = await createTestUser('admin');
    const author = await createTestUser('author');
    const runner = await createTestUser('runner', ['finance']);

    const full = await api('GET', '/users', admin);
    expect(full.status).toBe(200);
    const everyone = (await json(full)).users as Record<string, unknown>[];
    expect(everyone.find((u) => u.id === runner.id)).toEqual({ id: runner.id, name: 'Test runner', role: 'runner', groups: ['finance'], created_at: expect.any(String) });

    const narrowed = await api('GET', '/users', author);
    expect(narrowed.status).toBe(200);
    const cards = (await json(narrowed)).users as Record<string, unknown>[];
    for (const card of cards) expect(Object.keys(card).sort()).toEqual(['groups', 'id', 'name']);
    expect(cards.find((u) => u.id === runner.id)).toEqual({ id: runner.id, name: 'Test runner', groups: ['finance'] });
    expect(cards.map((u) => u.id)).toEqual(expect.arrayContaining([admin.id, author.id, runner.id]));

    const refused = await api('GET', '/users', runner);
    expect(refused.status).toBe(403);
    const text = await refused.clone().text();
    expect((await json(refused)).error.code).toBe('forbidden');
    expect(text).not.toContain(author.id);
  });

  it('only admins issue tokens, also for themselves or for an admin', async () => {
    const admin = await createTestUser('admin');
    for (const role of ['author', 'runner'] as const) {
      const caller = await createTestUser(role);
      for (const forWhom of [caller.id, admin.id]) {
        const response = await api('POST', `/users/${forWhom}/tokens`, caller, { json: { label: 'mine' } });
        expect(response.status, `${role} issuing for ${forWhom}`).toBe(403);
      }
    }
    const tokens = await runInDurableObject(tenant(), (_t: TenantObject, state) =>
      state.storage.sql.exec<{ label: string }>('SELECT label FROM tokens WHERE user_id = ?', admin.id).toArray(),
    );
    expect(tokens.map((t) => t.label)).toEqual(['test']);
  });

  it('an admin creates a user and issues a token that works, with that user\'s role, and is stored only as a hash', async () => {
    const admin = await createTestUser('admin');
    const id = `controller-${crypto.randomUUID().slice(0, 6)}`;
    const created = await api('POST', '/users', admin, { json: { id, name: 'Carla Controller', role: 'runner', groups: ['finance'] } });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id, name: 'Carla Controller', role: 'runner', groups: ['finance'] });
    expect((await json(await api('GET', '/users', admin))).users.map((u: { id: string }) => u.id)).toContain(id);

    const issued = await api('POST', `/users/${id}/tokens`, admin, { json: { label: 'laptop' } });
    expect(issued.status).toBe(201);
    const { token, user_id, label } = await json(issued);
    expect({ user_id, label }).toEqual({ user_id: id, label: 'laptop' });
    expect(token).toMatch(/^ast_[A-Za-z0-9_-]{40,}$/);

    const me = await api('GET', '/me', token);
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ id, role: 'runner', groups: ['finance'] });
    // The role is enforced for the new token.
    expect((await api('POST', '/playbooks', token, { json: minimalPlaybook() })).status).toBe(403);

    const rows = await runInDurableObject(tenant(), (_t: TenantObject, state) =>
      state.storage.sql.exec<Record<string, string>>('SELECT * FROM tokens WHERE user_id = ?', id).toArray(),
    );
    expect(rows).toHaveLength(1);
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(rows[0]!.hash).toBe(digest);
    expect(JSON.stringify(rows)).not.toContain(token);

    // A second token works alongside the first; without a body the label defaults.
    const second = await json(await api('POST', `/users/${id}/tokens`, admin));
    expect(second.label).toBe('api');
    expect(second.token).not.toBe(token);
    expect((await api('GET', '/me', second.token)).status).toBe(200);
    expect((await api('GET', '/me', token)).status).toBe(200);
  });

  it('refuses bad user documents with 422 naming the path, a taken id with 409, an unknown user with 404', async () => {
    const admin = await createTestUser('admin');
    const cases: [unknown, string][] = [
      [{ id: 'Not A Slug', name: 'x', role: 'runner' }, 'id'],
      [{ id: 'fine-id', name: 'x', role: 'superuser' }, 'role'],
      [{ id: 'fine-id', role: 'runner' }, 'name'],
      [{ id: 'fine-id', name: 'x', role: 'runner', password: 'hunter2' }, '(root)'],
      [{ id: 'fine-id', name: 'x', role: 'runner', groups: ['Not Valid'] }, 'groups[0]'],
    ];
    for (const [body, path] of cases) {
      const response = await api('POST', '/users', admin, { json: body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await json(response)).error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const existing = await createTestUser('runner');
    const taken = await api('POST', '/users', admin, { json: { id: existing.id, name: 'Impostor', role: 'admin' } });
    expect(taken.status).toBe(409);
    expect((await json(await api('GET', '/me', existing))).role).toBe('runner');
    expect((await api('POST', '/users/no-such-user/tokens', admin, { json: { label: 'x' } })).status).toBe(404);
    const badLabel = await api('POST', `/users/${existing.id}/tokens`, admin, { json: { label: '' } });
    expect(badLabel.status).toBe(422);
    expect((await json(badLabel)).error.details.issues[0].path).toBe('label');
  });

  it('user and token endpoints take JSON only: YAML is a 415 with a clear code, not a crash', async () => {
    const admin = await createTestUser('admin');
    const runner = await createTestUser('runner');
    for (const [path, yaml] of [['/users', 'id: yaml-user\nname: Y\nrole: admin\n'], [`/users/${runner.id}/tokens`, 'label: yaml\n']] as const) {
      const response = await api('POST', path, admin, { yaml });
      expect(response.status, path).toBe(415);
      expect((await json(response)).error.code).toBe('unsupported_media_type');
    }
    const users = (await json(await api('GET', '/users', admin))).users as { id: string }[];
    expect(users.map((u) => u.id)).not.toContain('yaml-user');
  });
});
