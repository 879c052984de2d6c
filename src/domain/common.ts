import { z } from '@hono/zod-openapi';

/** Ids that appear in URLs and R2 keys: lowercase slug, no path characters. */
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');

export const ToolId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9._-]*(\*)?$/, 'must be a tool id such as "keboola.storage.tables" (a trailing "*" matches a prefix)');

export const IsoDateTime = z.string().datetime({ offset: true });

export const UserId = Slug;
