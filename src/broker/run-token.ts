import { z } from '@hono/zod-openapi';
import { SignJWT, errors as jose, jwtVerify } from 'jose';
import type { Env } from '../env';
import { ToolId } from '../domain/common';
import { RiskClass } from '../domain/risk';
import { AppError, UnauthorizedError } from '../errors';

/**
 * Scoped run tokens (spec §6, security.md "Scoped run tokens"): a JWT per run that says which
 * tools, up to which risk, until when. HS256 only, with a Worker secret; the header carries an
 * explicit `typ` so no other JWT (an ID token, a webhook JWT) can be replayed as one of these.
 */
export const RUN_TOKEN_ISSUER = 'agent-studio';
export const RUN_TOKEN_AUDIENCE = 'agent-studio.tools';
export const RUN_TOKEN_TYPE = 'agent-studio-run+jwt';
const ALGORITHM = 'HS256';
/** HS256 is only as strong as its key; `npm start` generates 32 random bytes (43 base64url characters). */
const MIN_SECRET_LENGTH = 32;

export const RunTokenClaims = z
  .strictObject({
    iss: z.literal(RUN_TOKEN_ISSUER),
    aud: z.literal(RUN_TOKEN_AUDIENCE),
    sub: z.string().regex(/^playbook_run:/),
    playbook_id: z.string().min(1),
    run_id: z.string().min(1),
    allowed_tools: z.array(ToolId),
    allowed_risk_max: RiskClass,
    exp: z.number().int(),
    iat: z.number().int(),
    jti: z.string().min(1),
  })
  .refine((claims) => claims.sub === `playbook_run:${claims.run_id}`, { message: 'sub must be playbook_run:<run_id>', path: ['sub'] })
  .openapi('RunTokenClaims');
export type RunTokenClaims = z.infer<typeof RunTokenClaims>;

export type RunTokenRequest = Pick<RunTokenClaims, 'run_id' | 'playbook_id' | 'allowed_tools' | 'allowed_risk_max'> & { ttl_seconds: number };

const NOT_CONFIGURED = `Run tokens are not enabled: the RUN_TOKEN_SECRET Worker secret is not set (or is shorter than ${MIN_SECRET_LENGTH} characters)`;

/** Issuing without the secret is the deployment's fault, not the caller's: 503, not 401. */
export class RunTokensNotConfiguredError extends AppError {
  override name = 'RunTokensNotConfiguredError';
  constructor() {
    super(503, 'not_configured', NOT_CONFIGURED);
  }
}

/** A deployment without the secret has no run tokens at all: nothing is signed with, or accepted under, an empty key. */
function signingKey(env: Pick<Env, 'RUN_TOKEN_SECRET'>, onMissing: () => Error): Uint8Array {
  const secret = env.RUN_TOKEN_SECRET;
  if (!secret || secret.length < MIN_SECRET_LENGTH) throw onMissing();
  return new TextEncoder().encode(secret);
}

export async function issueRunToken(env: Pick<Env, 'RUN_TOKEN_SECRET'>, request: RunTokenRequest): Promise<{ token: string; claims: RunTokenClaims }> {
  const key = signingKey(env, () => new RunTokensNotConfiguredError());
  const iat = Math.floor(Date.now() / 1000);
  const claims = RunTokenClaims.parse({
    iss: RUN_TOKEN_ISSUER,
    aud: RUN_TOKEN_AUDIENCE,
    sub: `playbook_run:${request.run_id}`,
    playbook_id: request.playbook_id,
    run_id: request.run_id,
    allowed_tools: request.allowed_tools,
    allowed_risk_max: request.allowed_risk_max,
    iat,
    exp: iat + Math.max(1, Math.floor(request.ttl_seconds)),
    jti: crypto.randomUUID(),
  });
  const token = await new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM, typ: RUN_TOKEN_TYPE }).sign(key);
  return { token, claims };
}

/** Every way a token can fail is a 401 that says which check failed, and never repeats the token. */
export async function verifyRunToken(env: Pick<Env, 'RUN_TOKEN_SECRET'>, token: string): Promise<RunTokenClaims> {
  const key = signingKey(env, () => new UnauthorizedError(NOT_CONFIGURED));
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      typ: RUN_TOKEN_TYPE,
      issuer: RUN_TOKEN_ISSUER,
      audience: RUN_TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    }));
  } catch (error) {
    throw new UnauthorizedError(`Run token refused: ${reasonOf(error)}`);
  }
  const claims = RunTokenClaims.safeParse(payload);
  if (!claims.success) throw new UnauthorizedError('Run token refused: its claims are not those of a run token');
  return claims.data;
}

function reasonOf(error: unknown): string {
  if (error instanceof jose.JOSEAlgNotAllowed) return `only ${ALGORITHM} is accepted`;
  if (error instanceof jose.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof jose.JWTExpired) return 'it has expired';
  if (error instanceof jose.JWTClaimValidationFailed) {
    if (error.claim === 'typ') return `the "typ" header must be "${RUN_TOKEN_TYPE}"`;
    if (error.claim === 'iss') return `the issuer must be "${RUN_TOKEN_ISSUER}"`;
    if (error.claim === 'aud') return `the audience must be "${RUN_TOKEN_AUDIENCE}"`;
    return error.reason === 'missing' ? `the "${error.claim}" claim is missing` : `the "${error.claim}" claim is not valid`;
  }
  return 'it is not a well-formed signed JWT';
}
