import type { Context } from 'hono';
import { BadRequestError, UnsupportedMediaTypeError } from '../errors';
import { parseYaml } from '../yaml';

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export type DocumentBody = { format: 'json' | 'yaml'; value: unknown };

/** Reads a document body sent as JSON or YAML; anything else is a 415. */
export async function readDocumentBody(c: Context): Promise<DocumentBody> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type && YAML_TYPES.includes(type)) return { format: 'yaml', value: parseYaml(await c.req.text()) };
  if (type && JSON_TYPES.includes(type)) {
    const text = await c.req.text();
    try {
      return { format: 'json', value: JSON.parse(text) };
    } catch (error) {
      throw new BadRequestError(`Malformed JSON in request body: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new UnsupportedMediaTypeError(type, [...JSON_TYPES, ...YAML_TYPES]);
}
