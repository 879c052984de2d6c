import { env } from 'cloudflare:test';
import { SignJWT, base64url, generateKeyPair } from 'jose';
import { RUN_TOKEN_AUDIENCE, RUN_TOKEN_ISSUER, RUN_TOKEN_TYPE, issueRunToken, type RunTokenClaims } from '../../src/broker/run-token';
import { api } from '../api/contract';
import { call, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';

/** Claims as the real issuer would write them for `runId`, with any field replaced. */
export function claimsFor(run: { id: string; playbook_id: string }, overrides: Partial<Record<keyof RunTokenClaims, unknown>> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: RUN_TOKEN_ISSUER, aud: RUN_TOKEN_AUDIENCE, sub: `playbook_run:${run.id}`, playbook_id: run.playbook_id, run_id: run.id,
    allowed_tools: ['kbagent.log'], allowed_risk_max: 'read', iat: now, exp: now + 600, jti: crypto.randomUUID(),
    ...overrides,
  };
}

type SignOptions = { alg?: string; key?: CryptoKey | Uint8Array; typ?: string | null };

/** Signs arbitrary claims the way an attacker (or a confused client) might. Defaults: our HS256 key and typ. */
export async function sign(claims: Record<string, unknown>, options: SignOptions = {}): Promise<string> {
  const header = { alg: options.alg ?? 'HS256', ...(options.typ === null ? {} : { typ: options.typ ?? RUN_TOKEN_TYPE }) };
  const key = options.key ?? new TextEncoder().encode(env.RUN_TOKEN_SECRET!);
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** `alg: none`: no signature at all, only the trailing dot. */
export function unsigned(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'none', typ: RUN_TOKEN_TYPE })}.${part(claims)}.`;
}

export async function asymmetric(alg: 'RS256' | 'ES256', claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await generateKeyPair(alg);
  return sign(claims, { alg, key: privateKey });
}

/** Replaces the claims part of a real token and keeps its signature. */
export function tampered(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
  change(claims);
  return `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
}

/** A real token for a live run, through the API. */
export async function mint(user: TestUser, runId: string): Promise<{ token: string; claims: RunTokenClaims }> {
  const res = await api('POST', `/runs/${runId}/token`, user);
  if (res.status !== 201) throw new Error(`mint failed ${res.status}: ${await res.text()}`);
  return json(res);
}

/** Issued directly, to get scopes the API would never mint (e.g. a prefix above the risk cap). */
export async function issueFor(run: { id: string; playbook_id: string }, scope: Pick<RunTokenClaims, 'allowed_tools' | 'allowed_risk_max'>): Promise<string> {
  return (await issueRunToken(env, { run_id: run.id, playbook_id: run.playbook_id, ...scope, ttl_seconds: 600 })).token;
}

/**
 * A run parked in `waiting_for_input` (nothing advances until someone answers), whose steps allow
 * a question and a log note: a stable target whose tool_calls only a real call can change.
 */
export async function waitingRun(author: TestUser, extraTools: string[] = []): Promise<{ id: string; playbook_id: string; detail: any }> {
  const playbookId = await createPlaybook(author, playbookWith([
    scriptedStep('ask', [{ id: 'q', tool: 'kbagent.human_in_loop', args: { prompt: 'Go on?', kind: 'text' } }], {
      allowed_tools: ['kbagent.human_in_loop', 'kbagent.log', ...extraTools],
    }),
  ]));
  const id = await startRun(author, playbookId);
  const detail = await drive(id, author);
  if (detail.status !== 'waiting_for_input') throw new Error(`expected waiting_for_input, got ${detail.status}`);
  return { id, playbook_id: playbookId, detail };
}

export async function toolCalls(user: TestUser, runId: string): Promise<unknown[]> {
  return (await json(await call('GET', `/runs/${runId}`, user))).tool_calls;
}
