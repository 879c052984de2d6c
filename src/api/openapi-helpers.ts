import { z } from '@hono/zod-openapi';
import { YAML_TYPES } from './body';
import { ErrorBody } from './errors';

export const security = [{ bearer: [] }];

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

const ERROR_DESCRIPTIONS = {
  400: 'Malformed request (bad JSON or YAML)',
  401: 'Missing or invalid bearer token',
  403: 'Your role may not do this',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Unsupported content type',
  422: 'The document or parameters failed validation; details.issues names each path',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Error responses a route can give, all with the one error body. */
export function errors<const S extends ErrorStatus[]>(...statuses: S) {
  return Object.fromEntries([401, ...statuses].map((s) => [s, jsonContent(ErrorBody, ERROR_DESCRIPTIONS[s as ErrorStatus])])) as {
    [K in S[number] | 401]: ReturnType<typeof jsonContent<typeof ErrorBody>>;
  };
}

/** A document body accepted as JSON or YAML (YAML is the same schema, as text). */
export function documentBody<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    // Not `required`: that would make the JSON validator run (and fail) on YAML bodies too.
    // Presence is still enforced, by readDocumentBody.
    required: false,
    content: {
      'application/json': { schema },
      ...yamlContent('The same document as YAML'),
    },
  };
}

/** Every YAML media type readDocumentBody accepts; undeclared ones would be refused (415) by the route's media-type gate. */
export function yamlContent(description: string) {
  return Object.fromEntries(YAML_TYPES.map((type) => [type, { schema: z.string().openapi({ description }) }]));
}

export const IdParam = z.object({ id: z.string().min(1).max(128).openapi({ param: { name: 'id', in: 'path' } }) });
