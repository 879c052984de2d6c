import { z } from '@hono/zod-openapi';
import { IsoDateTime, UserId } from './common';

export const Role = z.enum(['admin', 'author', 'runner']).openapi('Role');
export type Role = z.infer<typeof Role>;

/** Who is calling: a person, or a machine holding a service-account token (src/service-accounts/). */
export const PrincipalKind = z.enum(['user', 'service_account']).openapi('PrincipalKind');
export type PrincipalKind = z.infer<typeof PrincipalKind>;

/** Service-account ids carry this prefix, and user ids may not, so an id alone names its kind (run `created_by`). */
export const SERVICE_ACCOUNT_PREFIX = 'sa_';

export function principalKind(id: string): PrincipalKind {
  return id.startsWith(SERVICE_ACCOUNT_PREFIX) ? 'service_account' : 'user';
}

export const User = z
  .object({
    id: UserId,
    name: z.string().min(1).max(120),
    role: Role,
    groups: z.array(z.string().min(1).max(64)),
    created_at: IsoDateTime,
    kind: PrincipalKind.optional().openapi({ description: 'Absent for people; "service_account" for a machine caller' }),
    allowed_playbooks: z.array(z.string()).optional().openapi({ description: 'A service account limited to these Playbooks; absent: no such limit' }),
  })
  .openapi('User');
export type User = z.infer<typeof User>;

/** What an author may know about other users: enough to share a Playbook and pick approver groups. */
export const UserCard = User.pick({ id: true, name: true, groups: true }).openapi('UserCard');
export type UserCard = z.infer<typeof UserCard>;

/** A user group (approver groups, sharing as `group:<name>`). */
export const GroupName = z.string().max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, "_" or "-"');

export const NewUser = z
  .strictObject({
    id: UserId.refine((id) => !id.startsWith(SERVICE_ACCOUNT_PREFIX), `must not start with "${SERVICE_ACCOUNT_PREFIX}" (service-account ids do)`),
    name: z.string().min(1).max(120),
    role: Role,
    groups: z.array(GroupName).max(50).default([]),
  })
  .openapi('NewUser');
export type NewUser = z.infer<typeof NewUser>;

/** A token id: public, appears in URLs; never derived from the secret of a token issued now. */
export const TokenId = z.string().min(1).max(64).regex(/^tok_[a-z0-9]+$/, 'a token id such as "tok_ab12cd34"');

/** The longest a token may live: ten years. */
export const MAX_TOKEN_DAYS = 3650;
const DAY_MS = 86_400_000;

/**
 * POST /users/{id}/tokens. Without an expiry the token lives until revoked; `expires_in_days`
 * or `expires_at` (one of them, in the future, within ten years) makes it stop working then.
 */
export const TokenRequest = z
  .strictObject({
    label: z.string().trim().min(1).max(80).default('api'),
    expires_in_days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional().openapi({ description: 'Days until the token stops working' }),
    expires_at: IsoDateTime.optional().openapi({ description: 'When the token stops working (future, within ten years)' }),
  })
  .superRefine((body, ctx) => {
    if (body.expires_in_days !== undefined && body.expires_at !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['expires_at'], message: 'give expires_in_days or expires_at, not both' });
    }
    if (body.expires_at !== undefined) {
      const at = Date.parse(body.expires_at);
      if (!(at > Date.now())) ctx.addIssue({ code: 'custom', path: ['expires_at'], message: 'must be in the future' });
      else if (at > Date.now() + MAX_TOKEN_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', path: ['expires_at'], message: `must be within ${MAX_TOKEN_DAYS} days` });
    }
  })
  .openapi('TokenRequest');
export type TokenRequest = z.infer<typeof TokenRequest>;

/** When a valid request's token expires (ISO, UTC), or null for never. */
export function tokenExpiry(request: Pick<TokenRequest, 'expires_in_days' | 'expires_at'>, now: number): string | null {
  if (request.expires_in_days !== undefined) return new Date(now + request.expires_in_days * DAY_MS).toISOString();
  if (request.expires_at !== undefined) return new Date(request.expires_at).toISOString();
  return null;
}

export const IssuedToken = z
  .object({
    token: z.string(),
    id: TokenId,
    user_id: UserId,
    label: z.string(),
    expires_at: IsoDateTime.nullable(),
    note: z.string(),
  })
  .openapi('IssuedToken');
export type IssuedToken = z.infer<typeof IssuedToken>;

/** A token as listed: never the secret or its hash; its last four characters to recognise it by. */
export const TokenInfo = z
  .object({
    id: TokenId,
    user_id: UserId,
    label: z.string(),
    created_at: IsoDateTime,
    expires_at: IsoDateTime.nullable(),
    expired: z.boolean(),
    last4: z.string().nullable().openapi({ description: 'The last four characters of the token; null for tokens issued before they were kept' }),
  })
  .openapi('TokenInfo');
export type TokenInfo = z.infer<typeof TokenInfo>;
