// A tool's argument JSON schema (GET /tools, input_schema) as form fields: the plain shapes
// (string, number, integer, boolean, enum, a list of strings) get inputs of their own; anything
// else (a union, a nested object, a list of objects) is edited as JSON in a textarea, so no
// argument is ever out of reach of the form.

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'json';

export type ArgField = {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string | undefined;
  /** enum: the allowed values. */
  options?: string[] | undefined;
  default?: unknown;
  min?: number | undefined;
  max?: number | undefined;
  /** json: the schema also takes plain text (a union with a string), so text that is no JSON list or object is kept as typed. */
  text?: boolean | undefined;
};

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);

/** The kind of input one property gets. */
export function kindOf(schema: unknown): { kind: FieldKind; options?: string[]; text?: boolean } {
  if (!isSchema(schema)) return { kind: 'json' };
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return { kind: 'enum', options: schema.enum as string[] };
  if (typeof schema.const === 'string') return { kind: 'enum', options: [schema.const] };
  switch (schema.type) {
    case 'string':
      return { kind: 'string' };
    case 'number':
      return { kind: 'number' };
    case 'integer':
      return { kind: 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return isSchema(schema.items) && schema.items.type === 'string' && !Array.isArray(schema.items.enum) ? { kind: 'list' } : { kind: 'json' };
    default: {
      const variants = [schema.anyOf, schema.oneOf].find(Array.isArray) as unknown[] | undefined;
      return { kind: 'json', text: variants?.some((v) => isSchema(v) && v.type === 'string' && v.enum === undefined) };
    }
  }
}

/** One field per property, required ones first (in schema order otherwise). */
export function fieldsOf(schema: unknown): ArgField[] {
  if (!isSchema(schema) || !isSchema(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields = Object.entries(schema.properties).map(([name, property]): ArgField => {
    const p = isSchema(property) ? property : {};
    const { kind, options, text } = kindOf(p);
    return {
      name,
      kind,
      required: required.has(name),
      description: typeof p.description === 'string' ? p.description : undefined,
      options,
      default: p.default,
      min: typeof p.minimum === 'number' ? p.minimum : undefined,
      max: typeof p.maximum === 'number' ? p.maximum : undefined,
      text,
    };
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/**
 * The control a field gets for its current value: its own kind's, except that a non-string field
 * holding a `${{ }}` reference is shown as text (a select or checkbox could not show it).
 */
export function controlOf(field: ArgField, value: unknown): FieldKind {
  return field.kind !== 'string' && typeof value === 'string' && value.includes('${{') ? 'string' : field.kind;
}

/** What an input shows for a value. */
export function textOf(field: ArgField, value: unknown): string {
  if (value === undefined || value === null) return '';
  // A reference is written as is in any field (parseText reads it back the same way).
  if ((controlOf(field, value) === 'string' || field.text) && typeof value === 'string') return value;
  if (field.kind === 'list' && Array.isArray(value)) return value.join('\n');
  if (field.kind === 'json' || typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

export type Parsed = { value: unknown } | { error: string } | { unset: true };

/**
 * The value an input's text stands for. Empty means "not given" (the tool's default applies).
 * A `${{ }}` reference is kept as text in any field: it takes its type when the run resolves it.
 */
export function parseText(field: ArgField, text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { unset: true };
  if (/^\$\{\{[^}]*\}\}$/.test(trimmed) && field.kind !== 'string') return { value: trimmed };
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return { error: 'must be a number' };
      if (field.kind === 'integer' && !Number.isInteger(n)) return { error: 'must be a whole number' };
      return { value: n };
    }
    case 'boolean':
      return { value: trimmed === 'true' };
    case 'list':
      return { value: text.split('\n').map((line) => line.trim()).filter(Boolean) };
    case 'json':
      if (field.text && !/^[[{"]/.test(trimmed)) return { value: text };
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: 'is not valid JSON' };
      }
    default:
      return { value: text };
  }
}
