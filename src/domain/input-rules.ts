// Which input types each constraint and each options_from source applies to (input-spec.ts refuses
// the others at save). Kept free of zod so the step editor's chunk can offer exactly these fields.

export const INPUT_TYPES = ['string', 'text', 'number', 'integer', 'boolean', 'table', 'tables', 'column', 'choice', 'period', 'sql', 'list'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const CONSTRAINT_TYPES: Record<string, readonly InputType[]> = {
  min: ['number', 'integer'],
  max: ['number', 'integer'],
  max_length: ['string', 'text', 'sql'],
  pattern: ['string', 'text'],
  format: ['period'],
  read_only: ['sql'],
  placeholders: ['sql'],
};

export const SOURCE_TYPES: Record<'table' | 'bucket' | 'table_input', readonly InputType[]> = {
  table: ['period', 'choice', 'string'],
  bucket: ['table', 'tables'],
  table_input: ['column'],
};

/** Does `key` (a constraint, or anything else an input may hold) apply to an input of `type`? pattern_hint goes with pattern. */
export function appliesTo(key: string, type: string): boolean {
  const types = CONSTRAINT_TYPES[key === 'pattern_hint' ? 'pattern' : key];
  return !types || (types as readonly string[]).includes(type);
}
