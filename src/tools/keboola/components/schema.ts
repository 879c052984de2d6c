import { z } from '@hono/zod-openapi';

/**
 * Which of a component's `parameters` a per-system tool may override, read from the component's
 * JSON Schema (Storage's `configurationSchema` / `configurationRowSchema`, which describe the
 * `parameters` node: developers.keboola.com/extend/component/ui-options/configuration-schema).
 * Only top-level properties of one simple type whose every constraint is checked here are offered;
 * a keyword we would not enforce (pattern, format, oneOf, $ref, …) keeps the property out, so an
 * argument the tool accepts is one the schema accepts. Encrypted values (`#name`, Keboola's
 * convention) and password fields are never offered.
 */

/** Keywords that only shape Keboola's form (json-editor) or give an example: they constrain nothing, so they are dropped. */
const UI_ONLY = new Set(['default', 'propertyOrder', 'options', 'examples', 'links']);
/** json-editor's `format`s that pick a widget (a SQL editor for a query) rather than constrain the value; `password` is not one. */
const UI_FORMATS = new Set(['textarea', 'editor', 'checkbox', 'select', 'grid', 'markdown', 'trumbowyg']);
const TEXT = z.string().transform((text) => text.slice(0, 300));

const Described = { title: TEXT.optional(), description: TEXT.optional() };
const Bound = z.number().finite();

export const OverrideProperty = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('string'), enum: z.array(z.string().max(200)).min(1).max(100).optional(), minLength: z.number().int().min(0).optional(), maxLength: z.number().int().min(0).optional(), ...Described }),
  z.strictObject({ type: z.literal('integer'), enum: z.array(z.number().int()).min(1).max(100).optional(), minimum: Bound.optional(), maximum: Bound.optional(), ...Described }),
  z.strictObject({ type: z.literal('number'), enum: z.array(Bound).min(1).max(100).optional(), minimum: Bound.optional(), maximum: Bound.optional(), ...Described }),
  z.strictObject({ type: z.literal('boolean'), ...Described }),
]);
export type OverrideProperty = z.infer<typeof OverrideProperty>;

/** Names that can be argument names as they are (Keboola uses camelCase and snake_case). */
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** The longest string an override may carry (a query), whatever the schema allows. */
const MAX_TEXT = 100_000;
/** Bounds one tool's published schema (what a model is shown); the first ones in the schema's order win. */
const MAX_PROPERTIES = 50;

/** The overridable properties of a `parameters` schema, by name; empty when it offers none (or is `{}`). */
export function overridableProperties(schema: unknown): Record<string, OverrideProperty> {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const offered: Record<string, OverrideProperty> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!NAME.test(name) || !isObject(property)) continue;
    const checked = Object.fromEntries(Object.entries(property).filter(([keyword, value]) => !UI_ONLY.has(keyword) && !(keyword === 'format' && UI_FORMATS.has(String(value)))));
    const parsed = OverrideProperty.safeParse(checked);
    if (parsed.success) offered[name] = parsed.data;
    if (Object.keys(offered).length === MAX_PROPERTIES) break;
  }
  return offered;
}

/** The tool's arguments: every offered property optional (the stored configuration supplies the rest), nothing else accepted. */
export function overrideArgs(properties: Record<string, OverrideProperty>): z.ZodType<Record<string, unknown>> {
  const shape = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, field(property).optional()]));
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

function field(property: OverrideProperty): z.ZodType {
  const described = (schema: z.ZodType) => {
    const text = [property.title, property.description].filter(Boolean).join(': ');
    return text ? schema.describe(text) : schema;
  };
  switch (property.type) {
    case 'boolean':
      return described(z.boolean());
    case 'string': {
      if (property.enum) return described(z.enum(property.enum as [string, ...string[]]));
      let text = z.string().max(Math.min(property.maxLength ?? MAX_TEXT, MAX_TEXT));
      if (property.minLength !== undefined) text = text.min(property.minLength);
      return described(text);
    }
    case 'integer':
    case 'number': {
      let number = property.type === 'integer' ? z.number().int() : z.number();
      if (property.minimum !== undefined) number = number.min(property.minimum);
      if (property.maximum !== undefined) number = number.max(property.maximum);
      if (!property.enum) return described(number);
      const allowed = property.enum;
      return described(number.refine((value) => allowed.includes(value), { message: `must be one of ${allowed.join(', ')}` }));
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
