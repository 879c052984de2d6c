import { z } from '@hono/zod-openapi';
import { IsoDateTime, Slug, UserId } from './common';
import { MAX_TOKEN_DAYS, Role } from './user';

const DAY_MS = 86_400_000;

/** A service account's public id: in URLs, in a run's `created_by`, in audit entries. */
export const ServiceAccountId = z.string().max(64).regex(/^sa_[a-z0-9]+$/, 'a service-account id such as "sa_ab12cd34"');

/** "all", or the Playbooks (by id) the account may see and run; others are 404 to it. */
export const AllowedPlaybooks = z
  .union([z.literal('all'), z.array(Slug).min(1).max(200)])
  .openapi({ description: '"all", or the ids of the only Playbooks this account may see and run' });

/**
 * POST /service-accounts. A machine credential always expires: `expires_in_days` or `expires_at`
 * (exactly one, in the future, within ten years); rotating keeps the expiry.
 */
export const NewServiceAccount = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    role: Role,
    playbooks: AllowedPlaybooks,
    expires_in_days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional().openapi({ description: 'Days until the account stops working' }),
    expires_at: IsoDateTime.optional().openapi({ description: 'When the account stops working (future, within ten years)' }),
  })
  .superRefine((body, ctx) => {
    if ((body.expires_in_days === undefined) === (body.expires_at === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['expires_at'], message: 'give exactly one of expires_in_days or expires_at' });
    }
    if (body.expires_at !== undefined) {
      const at = Date.parse(body.expires_at);
      if (!(at > Date.now())) ctx.addIssue({ code: 'custom', path: ['expires_at'], message: 'must be in the future' });
      else if (at > Date.now() + MAX_TOKEN_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', path: ['expires_at'], message: `must be within ${MAX_TOKEN_DAYS} days` });
    }
  })
  .openapi('NewServiceAccount');
export type NewServiceAccount = z.infer<typeof NewServiceAccount>;

export function serviceAccountExpiry(request: NewServiceAccount, now: number): string {
  return request.expires_in_days !== undefined ? new Date(now + request.expires_in_days * DAY_MS).toISOString() : new Date(request.expires_at!).toISOString();
}

/** As listed: never the token or its hash. */
export const ServiceAccount = z
  .object({
    id: ServiceAccountId,
    name: z.string(),
    role: Role,
    playbooks: AllowedPlaybooks,
    created_by: UserId,
    created_at: IsoDateTime,
    expires_at: IsoDateTime,
    expired: z.boolean(),
    token_last4: z.string().nullable().openapi({ description: 'The last four characters of the current token; null once revoked' }),
    token_issued_at: IsoDateTime.openapi({ description: 'When the current token was issued (creation or the last rotation)' }),
    last_used_at: IsoDateTime.nullable().openapi({ description: 'When a request last authenticated with it (to within 10 s)' }),
    revoked_at: IsoDateTime.nullable(),
  })
  .openapi('ServiceAccount');
export type ServiceAccount = z.infer<typeof ServiceAccount>;

export const IssuedServiceAccount = z
  .object({ service_account: ServiceAccount, token: z.string(), note: z.string() })
  .openapi('IssuedServiceAccount');
export type IssuedServiceAccount = z.infer<typeof IssuedServiceAccount>;

export const ServiceAccountList = z.object({ service_accounts: z.array(ServiceAccount) }).openapi('ServiceAccountList');
