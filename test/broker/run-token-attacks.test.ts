/**
 * security.md "Scoped run tokens": every forged, misdirected, expired or over-reaching token is
 * refused at POST /tools/{id}/call with 401/403, and the run's tool calls stay exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../api/contract';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { asymmetric, claimsFor, issueFor, mint, sign, tampered, toolCalls, unsigned, waitingRun } from './tokens';

const LOG_CALL = { json: { args: { message: 'hello from outside' } } };

async function refused(token: string, status: 401 | 403, message: RegExp, tool = 'kbagent.log', body: { json: { args: Record<string, unknown> } } = LOG_CALL) {
  const res = await api('POST', `/tools/${tool}/call`, token, body);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const error = JSON.parse(text).error;
  expect(error.message).toMatch(message);
  // A refusal never repeats the token back.
  expect(text).not.toContain(token.split('.')[2] || token);
}

describe('run tokens at POST /tools/{id}/call', () => {
  let author: TestUser;
  let run: Awaited<ReturnType<typeof waitingRun>>;

  async function setup() {
    author = await createTestUser('author');
    run = await waitingRun(author, ['kbagent.workspace_artifact']);
    return toolCalls(author, run.id);
  }

  it('refuses forged and misdirected tokens with 401, and nothing runs', async () => {
    const before = await setup();
    const claims = claimsFor(run);

    await refused(unsigned(claims), 401, /only HS256/);
    await refused(await sign(claims, { key: new TextEncoder().encode('a-different-key-of-more-than-32-characters!') }), 401, /signature does not verify/);
    await refused(await asymmetric('RS256', claims), 401, /only HS256/);
    await refused(await asymmetric('ES256', claims), 401, /only HS256/);
    await refused(await sign(claims, { typ: 'JWT' }), 401, /"typ" header must be "agent-studio-run\+jwt"/);
    await refused(await sign(claims, { typ: null }), 401, /"typ" header/);
    await refused(await sign(claimsFor(run, { aud: 'agent-studio.users' })), 401, /audience must be "agent-studio.tools"/);
    await refused(await sign(claimsFor(run, { iss: 'someone-else' })), 401, /issuer must be "agent-studio"/);
    const past = Math.floor(Date.now() / 1000) - 3600;
    await refused(await sign(claimsFor(run, { iat: past - 60, exp: past })), 401, /expired/);
    // Signed with our key but not shaped like ours: sub for another run, a claim missing, an extra claim.
    await refused(await sign(claimsFor(run, { sub: 'playbook_run:run_other' })), 401, /claims are not those of a run token/);
    await refused(await sign(claimsFor(run, { jti: undefined })), 401, /"jti" claim is missing/);
    await refused(await sign(claimsFor(run, { role: 'admin' } as never)), 401, /claims are not those of a run token/);
    // A well-signed token for a run that never existed.
    await refused(await sign(claimsFor({ id: 'run_nope', playbook_id: run.playbook_id })), 401, /run that does not exist/);
    await refused('not.a.jwt', 401, /not a well-formed signed JWT/);

    // Tampering: widen a real token's scope and keep its signature.
    const { token } = await mint(author, run.id);
    await refused(tampered(token, (c) => (c.allowed_tools = ['*'])), 401, /signature does not verify/, 'kbagent.workspace_artifact', { json: { args: { path: 'x.txt', content: 'x' } } });
    await refused(tampered(token, (c) => (c.allowed_risk_max = 'secret')), 401, /signature does not verify/);
    await refused(tampered(token, (c) => (c.exp = Number(c.exp) + 86_400)), 401, /signature does not verify/);

    expect(await toolCalls(author, run.id)).toEqual(before);
  });

  it('refuses a tool outside allowed_tools or above allowed_risk_max with 403, and nothing runs', async () => {
    const before = await setup();
    const { token, claims } = await mint(author, run.id);
    expect(claims.allowed_tools).not.toContain('sql.local');
    await refused(token, 403, /not in this run token's allowed_tools/, 'sql.local', { json: { args: { statements: 'select 1' } } });

    // A prefix grant capped at read: the write tool it matches is still refused.
    const capped = await issueFor(run, { allowed_tools: ['kbagent.*'], allowed_risk_max: 'read' });
    await refused(capped, 403, /is write, above this run token's allowed_risk_max \(read\)/, 'kbagent.workspace_artifact', { json: { args: { path: 'x.txt', content: 'x' } } });
    // Allowed by prefix but not a registered tool.
    const unknown = await api('POST', '/tools/kbagent.nope/call', capped, LOG_CALL);
    expect(unknown.status).toBe(404);

    expect(await toolCalls(author, run.id)).toEqual(before);
  });

  it('refuses the token of a run that has ended', async () => {
    await setup();
    const { token } = await mint(author, run.id);
    expect((await call('POST', `/runs/${run.id}/cancel`, author)).status).toBe(200);
    const before = await toolCalls(author, run.id);
    await refused(token, 401, /run token belongs to a run that has ended \(cancelled\)/i);
    expect(await toolCalls(author, run.id)).toEqual(before);
    // And no new token for it.
    expect((await api('POST', `/runs/${run.id}/token`, author)).status).toBe(409);
  });

  it('keeps the two token types apart', async () => {
    const before = await setup();
    const { token } = await mint(author, run.id);
    // A user token on the run-token endpoint.
    await refused(author.token, 401, /user tokens are not accepted here/i);
    const missing = await api('POST', '/tools/kbagent.log/call', null, LOG_CALL);
    expect(missing.status).toBe(401);
    // A run token on user endpoints.
    for (const path of ['/playbooks', '/runs', `/runs/${run.id}`, '/tools', '/policies']) {
      const res = await api('GET', path, token);
      expect(res.status, path).toBe(401);
      expect((await json(res)).error.message).toMatch(/Run tokens are not accepted on user endpoints/);
    }
    expect((await api('POST', `/runs/${run.id}/token`, token)).status).toBe(401);
    expect(await toolCalls(author, run.id)).toEqual(before);
  });

  it('authenticates before judging the body: a bad token with a bad body is still 401', async () => {
    await setup();
    const res = await api('POST', '/tools/kbagent.log/call', unsigned(claimsFor(run)), { raw: 'hello', contentType: 'text/plain' });
    expect(res.status).toBe(401);
    const { token } = await mint(author, run.id);
    expect((await api('POST', '/tools/kbagent.log/call', token, { raw: 'hello', contentType: 'text/plain' })).status).toBe(415);
    expect((await api('POST', '/tools/kbagent.log/call', token, { json: { args: {}, extra: true } })).status).toBe(422);
    expect((await api('POST', '/tools/kbagent.log/call', token, { raw: '{"args":', contentType: 'application/json' })).status).toBe(400);
  });
});
