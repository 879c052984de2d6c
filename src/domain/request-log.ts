import { z } from '@hono/zod-openapi';
import { IsoDateTime } from './common';
import { PrincipalKind } from './user';

/** One authenticated call that changed something, and who made it (GET /request-log). */
export const RequestLogEntry = z
  .object({
    seq: z.number().int().positive(),
    at: IsoDateTime,
    principal_id: z.string(),
    principal_kind: PrincipalKind,
    method: z.string(),
    path: z.string(),
    status: z.number().int(),
  })
  .openapi('RequestLogEntry');
export type RequestLogEntry = z.infer<typeof RequestLogEntry>;

export const RequestLogQuery = z.object({
  principal_id: z.string().min(1).max(64).optional().openapi({ description: 'Only this user\'s or service account\'s calls' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
