import type { Context } from 'hono';
import { jsonDepthWithin } from '../domain/common';
import { BadRequestError, UnsupportedMediaTypeError } from '../errors';
import { parseYaml } from '../yaml';

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/**
 * Playbooks nest a handful of levels (spec → sop → steps → actions → args → ...). Anything far
 * deeper is hostile: merge-patch and YAML serialisation recurse, and would overflow the stack (a 500).
 */
export const MAX_DOCUMENT_DEPTH = 64;

export type DocumentBody = { format: 'json' | 'yaml'; value: unknown };

/** Reads a document body sent as JSON or YAML; anything else is a 415. */
export async function readDocumentBody(c: Context): Promise<DocumentBody> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type && YAML_TYPES.includes(type)) return { format: 'yaml', value: assertDocumentDepth(parseYaml(await c.req.text())) };
  if (type && JSON_TYPES.includes(type)) {
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new BadRequestError(`Malformed JSON in request body: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { format: 'json', value: assertDocumentDepth(value) };
  }
  throw new UnsupportedMediaTypeError(type, [...JSON_TYPES, ...YAML_TYPES]);
}

/** The value, if it nests no deeper than a Playbook document may; else a 400 saying so. */
export function assertDocumentDepth(value: unknown): unknown {
  if (!jsonDepthWithin(value, MAX_DOCUMENT_DEPTH)) {
    throw new BadRequestError(`The document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep`, { max_depth: MAX_DOCUMENT_DEPTH });
  }
  return value;
}
