/** POST /runs/{id}/token, issueRunToken/verifyRunToken, and the happy path of a run-token call. */
import { env } from 'cloudflare:test';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { RunTokensNotConfiguredError, issueRunToken, verifyRunToken } from '../../src/broker/run-token';
import { runTokenScope } from '../../src/broker/mint';
import { PlaybookSpec } from '../../src/domain/playbook';
import { UnauthorizedError } from '../../src/errors';
import { PlaybookRun } from '../../src/run/run-object';
import { api } from '../api/contract';
import { createTestUser, json } from '../helpers';
import { createPlaybook, playbookWith, scriptedStep, startRun } from '../run/drive';
import { mint, toolCalls, waitingRun } from './tokens';

const hasExternalCall = typeof (PlaybookRun.prototype as unknown as Record<string, unknown>).externalCall === 'function';

describe('issueRunToken / verifyRunToken', () => {
  const request = { run_id: 'run_abc', playbook_id: 'pb', allowed_tools: ['kbagent.log'], allowed_risk_max: 'read' as const, ttl_seconds: 120 };

  it('round-trips exactly the spec claims, with an explicit typ', async () => {
    const { token, claims } = await issueRunToken(env, request);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'agent-studio-run+jwt' });
    expect(Object.keys(claims).sort()).toEqual(['allowed_risk_max', 'allowed_tools', 'aud', 'exp', 'iat', 'iss', 'jti', 'playbook_id', 'run_id', 'sub'].sort());
    expect(claims).toMatchObject({ iss: 'agent-studio', aud: 'agent-studio.tools', sub: 'playbook_run:run_abc', run_id: 'run_abc', playbook_id: 'pb' });
    expect(claims.exp - claims.iat).toBe(120);
    expect(await verifyRunToken(env, token)).toEqual(claims);
    expect((await issueRunToken(env, request)).claims.jti).not.toBe(claims.jti);
  });

  it('refuses to issue or verify without a secret (or with a short one)', async () => {
    const { token } = await issueRunToken(env, request);
    for (const secret of [undefined, '', 'too-short']) {
      await expect(issueRunToken({ RUN_TOKEN_SECRET: secret }, request)).rejects.toBeInstanceOf(RunTokensNotConfiguredError);
      await expect(issueRunToken({ RUN_TOKEN_SECRET: secret }, request)).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/RUN_TOKEN_SECRET/) });
      await expect(verifyRunToken({ RUN_TOKEN_SECRET: secret }, token)).rejects.toBeInstanceOf(UnauthorizedError);
    }
  });
});

describe('runTokenScope', () => {
  it('is the union of the steps\' allowed_tools, capped at the riskiest registry tool they match', () => {
    const spec = (tools: string[][]) => PlaybookSpec.parse(playbookWith(tools.map((allowed, i) => ({ ...scriptedStep(`s${i}`, []), allowed_tools: allowed }))));
    expect(runTokenScope(spec([['kbagent.log'], ['kbagent.log', 'kbagent.human_in_loop']]))).toEqual({ allowed_tools: ['kbagent.human_in_loop', 'kbagent.log'], allowed_risk_max: 'read' });
    expect(runTokenScope(spec([['kbagent.log'], ['sql.local']]))).toEqual({ allowed_tools: ['kbagent.log', 'sql.local'], allowed_risk_max: 'compute' });
    const registry = [{ manifest: { id: 'x.read', risk: 'read' as const } }, { manifest: { id: 'x.send', risk: 'external_send' as const } }, { manifest: { id: 'y.drop', risk: 'destructive' as const } }];
    expect(runTokenScope(spec([['x.*']]), registry)).toEqual({ allowed_tools: ['x.*'], allowed_risk_max: 'external_send' });
    expect(runTokenScope(spec([['x.read']]), registry).allowed_risk_max).toBe('read');
    expect(runTokenScope(spec([[]]))).toEqual({ allowed_tools: [], allowed_risk_max: 'read' });
  });
});

describe('POST /runs/{id}/token', () => {
  it('mints a token scoped to the pinned revision and the run\'s wall-clock budget', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith(
      [scriptedStep('a', [{ tool: 'kbagent.log', args: { message: 'x' } }]), scriptedStep('b', [{ tool: 'sql.local', args: { statements: 'select 1' } }])],
      { budget: { max_usd_per_run: 1, max_wall_clock_seconds: 900 } },
    ));
    const runId = await startRun(author, playbookId);
    const { token, claims } = await mint(author, runId);
    expect(claims).toMatchObject({ run_id: runId, playbook_id: playbookId, sub: `playbook_run:${runId}`, allowed_tools: ['kbagent.log', 'sql.local'], allowed_risk_max: 'compute' });
    expect(claims.exp - claims.iat).toBe(900);
    expect(await verifyRunToken(env, token)).toEqual(claims);
  });

  it('is 404 for a run the caller cannot see, and for no run at all', async () => {
    const author = await createTestUser('author');
    const stranger = await createTestUser('runner');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', [{ tool: 'kbagent.log', args: { message: 'x' } }])])));
    expect((await api('POST', `/runs/${runId}/token`, stranger)).status).toBe(404);
    expect((await api('POST', '/runs/run_missing/token', author)).status).toBe(404);
    expect((await api('POST', `/runs/${'x'.repeat(200)}/token`, author)).status).toBe(422);
    expect((await api('POST', `/runs/${runId}/token`, null)).status).toBe(401);
    expect((await api('POST', `/runs/${runId}/token`, author, { raw: 'x', contentType: 'text/plain' })).status).toBe(415);
  });
});

describe.skipIf(!hasExternalCall)('a valid run token', () => {
  it('calls an allowed read tool; the run records the call', async () => {
    const author = await createTestUser('author');
    const run = await waitingRun(author);
    const before = await toolCalls(author, run.id);
    const { token, claims } = await mint(author, run.id);
    const res = await api('POST', '/tools/kbagent.log/call', token, { json: { args: { message: 'hello from outside' } } });
    expect(res.status, await res.clone().text()).toBe(200);
    const result = await json(res);
    expect(result).toMatchObject({ status: 'done', output: { logged: true } });
    const after = (await toolCalls(author, run.id)) as { call_id: string; tool_id: string }[];
    expect(after.length).toBe(before.length + 1);
    expect(after.find((c) => c.call_id === result.call_id)).toMatchObject({ tool_id: 'kbagent.log' });
    expect(claims.jti).toBeTruthy();
  });
});
