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

/** "in.c-salesforce.contacts": stage, bucket, table (Keboola Storage ids; names are letters, digits, _ and -). */
export const TableId = z.string().max(256).regex(/^(in|out)\.[\w-]+\.[\w-]+$/, 'a Storage table id such as "in.c-salesforce.contacts"');
export const BucketId = z.string().max(200).regex(/^(in|out)\.[\w-]+$/, 'a Storage bucket id such as "in.c-salesforce"');
/**
 * A Keboola branch: "default" (or "main") for the project's main branch, else a dev branch's
 * numeric id (`/v2/storage/branch/{id}/...`, keboola-api.md "Branches").
 */
export const KeboolaBranch = z.string().max(24).regex(/^(default|main|\d{1,20})$/, 'a Keboola branch: "default" (the main branch) or a dev branch\'s numeric id');
export const isDefaultBranch = (branch: string | undefined): boolean => !branch || branch === 'default' || branch === 'main';

export const UserId = Slug;

/**
 * Free-form JSON in documents (action args) is walked recursively — reference checks at validation,
 * reference resolution at run time, YAML output. Bounding its nesting keeps every walk off the stack limit.
 * Iterative on purpose: a recursive check would overflow on the very inputs it exists to refuse.
 */
export const MAX_JSON_DEPTH = 32;

export function jsonDepthWithin(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return false;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return true;
}

/** An object of free-form JSON values, nested at most MAX_JSON_DEPTH levels. */
export function boundedJsonObject() {
  // `abort` makes the issue final, so the document-level refinements (which walk args) never see it.
  return z.record(z.string(), z.unknown()).refine((value) => jsonDepthWithin(value), { message: `nested more than ${MAX_JSON_DEPTH} levels deep`, abort: true });
}
