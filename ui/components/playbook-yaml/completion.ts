// What the YAML editor offers at the cursor: keys from the JSON Schema the API validates with (its
// /openapi.json, generated from the same zod schemas — no copy here), tool ids from the live
// registry, enum values, and `${{ }}` references that the save's reference check would accept.
import { parseDocument } from 'yaml';
import { RUN_FIELDS } from '../../../src/domain/references';
import { contextAt, keysBeside, type Segment } from './cursor';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  required?: string[];
};

/** The schemas of /openapi.json (`components.schemas`) and the one the document is. */
export type SchemaSet = { schemas: Record<string, JsonSchema>; root: string };

export type Option = { label: string; apply?: string; detail?: string; info?: string; type: 'property' | 'constant' | 'function' | 'variable' };

export type Completion = { from: number; options: Option[] };

/** The alternatives a schema stands for: $ref followed, oneOf/anyOf/allOf flattened. */
function alternatives(set: SchemaSet, schema: JsonSchema | undefined, depth = 0): JsonSchema[] {
  if (!schema || depth > 20) return [];
  if (schema.$ref) return alternatives(set, set.schemas[schema.$ref.replace('#/components/schemas/', '')], depth + 1);
  const nested = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  return nested.length > 0 ? nested.flatMap((s) => alternatives(set, s, depth + 1)) : [schema];
}

/** Every schema the value at `path` may match. */
export function schemasAt(set: SchemaSet, path: Segment[]): JsonSchema[] {
  let current = alternatives(set, set.schemas[set.root]);
  for (const segment of path) {
    current = current.flatMap((s) => {
      if (typeof segment === 'number') return alternatives(set, s.items);
      const property = s.properties?.[segment];
      if (property) return alternatives(set, property);
      return typeof s.additionalProperties === 'object' ? alternatives(set, s.additionalProperties) : [];
    });
  }
  return current;
}

/** Where a tool id is written: an action's tool, a step's allowed_tools, a tool_policies key. */
export function isToolPath(path: Segment[], kind: 'key' | 'value'): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (kind === 'key') return path.length === 1 && path[0] === 'tool_policies';
  return (last === 'tool' && path.includes('actions')) || (typeof last === 'number' && parent === 'allowed_tools');
}

function keyOptions(set: SchemaSet, schemas: JsonSchema[]): Option[] {
  const seen = new Map<string, Option>();
  for (const schema of schemas) {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (seen.has(name)) continue;
      const required = schema.required?.includes(name);
      const description = property.description ?? alternatives(set, property)[0]?.description;
      seen.set(name, { label: name, apply: `${name}: `, type: 'property', ...(required ? { detail: 'required' } : {}), ...(description ? { info: description } : {}) });
    }
  }
  return [...seen.values()];
}

function valueOptions(schemas: JsonSchema[]): Option[] {
  const values = new Set<string>();
  for (const schema of schemas) {
    for (const value of schema.enum ?? []) values.add(String(value));
    if (schema.type === 'boolean') ['true', 'false'].forEach((v) => values.add(v));
  }
  return [...values].map((label) => ({ label, type: 'constant' as const }));
}

function toolOptions(tools: readonly { id: string; description?: string }[], asKey: boolean): Option[] {
  return tools.map((t) => ({ label: t.id, type: 'function' as const, ...(asKey ? { apply: `${t.id}: ` } : {}), ...(t.description ? { info: t.description } : {}) }));
}

export type CompletionInputs = {
  schema: SchemaSet | null;
  tools: readonly { id: string; description?: string }[];
};

/** Keys, values and tool ids at `pos`; references are {@link referenceCompletion}'s. */
export function completeAt(text: string, pos: number, inputs: CompletionInputs): Completion | null {
  const reference = referenceCompletion(text, pos);
  if (reference) return reference;
  const context = contextAt(text, pos);
  const from = pos - context.prefix.length;
  const schemas = inputs.schema ? schemasAt(inputs.schema, context.path) : [];
  const objectHere = schemas.some((s) => s.properties || s.additionalProperties);
  const kind = context.kind === 'item' ? (objectHere ? 'key' : 'value') : context.kind;
  if (isToolPath(context.path, kind)) return { from, options: toolOptions(inputs.tools, kind === 'key') };
  const present = kind === 'key' ? keysBeside(text, pos) : new Set<string>();
  const options = kind === 'key' && inputs.schema ? keyOptions(inputs.schema, schemas).filter((o) => !present.has(o.label)) : valueOptions(schemas);
  return options.length > 0 ? { from, options } : null;
}

type Doc = {
  inputs?: { name?: unknown }[];
  sop?: { steps?: { id?: unknown; actions?: { id?: unknown; tool?: unknown; for_each?: unknown }[] }[] };
};

const HITL_TOOL = 'kbagent.human_in_loop';

/**
 * The references the save's check accepts at `path` (src/domain/playbook.ts referenceIssues):
 * declared inputs, earlier steps' outputs, this step's earlier actions, earlier human_in_loop
 * answers, run fields, and `item` inside a for_each action.
 */
export function referencesAt(doc: Doc, path: Segment[]): string[] {
  const found: string[] = [];
  for (const input of doc.inputs ?? []) if (typeof input?.name === 'string') found.push(`inputs.${input.name}`);
  const steps = doc.sop?.steps ?? [];
  const stepIndex = path[0] === 'sop' && path[1] === 'steps' && typeof path[2] === 'number' ? path[2] : steps.length;
  const actionIndex = path[3] === 'actions' && typeof path[4] === 'number' ? path[4] : Infinity;
  steps.slice(0, stepIndex + 1).forEach((step, s) => {
    const current = s === stepIndex;
    const actions = (step?.actions ?? []).slice(0, current ? actionIndex : undefined);
    if (!current && typeof step?.id === 'string') found.push(`steps.${step.id}.outputs`);
    for (const action of actions) {
      if (typeof action?.id !== 'string') continue;
      if (current && typeof step?.id === 'string') found.push(`steps.${step.id}.outputs.${action.id}`);
      if (action.tool === HITL_TOOL) found.push(`answers.${action.id}`, `questions.${action.id}`);
    }
  });
  found.push(...RUN_FIELDS.map((f) => `run.${f}`));
  const action = steps[stepIndex]?.actions?.[actionIndex];
  if (action?.for_each !== undefined && path[5] !== 'for_each') found.push('item');
  return found;
}

let parsed: { text: string; doc: Doc } | null = null;

/** `${{ inp|` → the references valid here, closing the braces when they are not there yet. */
export function referenceCompletion(text: string, pos: number): Completion | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const typed = text.slice(lineStart, pos).match(/\$\{\{\s*([\w.\-[\]*]*)$/);
  if (!typed) return null;
  if (parsed?.text !== text) parsed = { text, doc: safeParse(text) };
  const closed = /^[\w.\-[\]*]*\s*\}\}/.test(text.slice(pos));
  const references = referencesAt(parsed.doc, contextAt(text, pos).path);
  return {
    from: pos - typed[1]!.length,
    options: references.map((label) => ({ label, type: 'variable' as const, ...(closed ? {} : { apply: `${label} }}` }) })),
  };
}

/** A half-written document still yields what it has (the parser recovers); anything else is empty. */
function safeParse(text: string): Doc {
  try {
    const doc = parseDocument(text).toJS() as unknown;
    return doc && typeof doc === 'object' ? (doc as Doc) : {};
  } catch {
    return {};
  }
}
