import { z } from '@hono/zod-openapi';
import { BucketId, TableId } from './common';
import { CONSTRAINT_TYPES, INPUT_TYPES, SOURCE_TYPES } from './input-rules';

export { INPUT_TYPES, type InputType } from './input-rules';

/**
 * A Playbook's declared run input (spec §3): its type and the constraints a value must meet, so a
 * bad value is refused before a run exists (src/runs/inputs.ts) rather than steps later. Checks
 * here are about the declaration only; values — defaults included — are judged when a run starts,
 * so a stored revision stays readable whatever its defaults hold.
 */


export const PERIOD_FORMATS = ['YYYY-MM', 'YYYY-MM-DD', 'YYYY-Qn', 'YYYY'] as const;
export type PeriodFormat = (typeof PERIOD_FORMATS)[number];

const InputName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be snake_case');

export const ColumnValuesSource = z
  .strictObject({ table: TableId, column: z.string().min(1).max(256) })
  .openapi('ColumnValuesSource', { description: 'The distinct values of a column, e.g. the periods present in a cost table' });

export const BucketTablesSource = z
  .strictObject({ bucket: BucketId })
  .openapi('BucketTablesSource', { description: 'The tables of a Storage bucket' });

export const TableInputSource = z
  .strictObject({ table_input: InputName.openapi({ description: 'The name of a `table` input of the same Playbook' }) })
  .openapi('TableInputSource', { description: 'The columns of the table chosen in another input (for `column` inputs)' });

export const OptionsFrom = z
  .union([ColumnValuesSource, BucketTablesSource, TableInputSource])
  .openapi('InputOptionsFrom', { description: 'Where the values a person may pick come from, read from the connected project; a value that is not there is refused when the run starts' });
export type OptionsFrom = z.infer<typeof OptionsFrom>;


export const InputSpec = z
  .strictObject({
    name: InputName,
    type: z
      .enum(INPUT_TYPES)
      .default('string')
      .openapi({ description: 'string/text: free text; number/integer; boolean; table/tables: Storage table ids (must exist); column: a column of the table in another input; choice: one of `options`; period: a month (or `format`); sql: a query; list: a list of text values' }),
    label: z.string().max(200).optional(),
    description: z.string().max(1000).optional(),
    required: z.boolean().default(false),
    default: z.unknown().optional(),
    options: z
      .array(z.string().max(200))
      .optional()
      .openapi({ description: 'choice: the values offered. period: extra words accepted besides a period, e.g. ["previous"]' }),
    locked: z
      .boolean()
      .default(false)
      .openapi({ description: "Fixed by the Playbook's author: only the owner or an admin may run with a different value" }),
    min: z.number().finite().optional().openapi({ description: 'number/integer: the smallest value accepted' }),
    max: z.number().finite().optional().openapi({ description: 'number/integer: the largest value accepted' }),
    max_length: z.number().int().positive().max(1_000_000).optional().openapi({ description: 'string/text/sql: the most characters accepted' }),
    pattern: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: 'string/text: a regular expression the whole value must match (it must compile)' }),
    pattern_hint: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'What `pattern` accepts, in words, for the message when a value does not match: "must be <pattern_hint>"' }),
    format: z.enum(PERIOD_FORMATS).optional().openapi({ description: 'period: how it is written (default YYYY-MM)' }),
    options_from: OptionsFrom.optional(),
    read_only: z.boolean().optional().openapi({ description: 'sql: refuse statements that change data (classed above compute by the SQL risk reader)' }),
    placeholders: z
      .array(z.string().regex(/^:[A-Za-z_][A-Za-z0-9_]*$/, 'must be a named parameter such as ":period"'))
      .max(20)
      .optional()
      .openapi({ description: 'sql: named parameters, e.g. [":period"], that must each occur outside strings and comments' }),
  })
  .superRefine((input, ctx) => {
    // A locked input runs with the author's value, so there must be one.
    if (input.locked && input.default === undefined) ctx.addIssue({ code: 'custom', path: ['default'], message: 'a locked input needs a default (the value it runs with)' });
    for (const [key, types] of Object.entries(CONSTRAINT_TYPES)) {
      if (input[key as keyof typeof input] !== undefined && !types.includes(input.type)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `applies to ${types.join(', ')} inputs, not ${input.type}` });
      }
    }
    if (input.min !== undefined && input.max !== undefined && input.min > input.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be at least min (${input.min}); got ${input.max}` });
    }
    if (input.pattern !== undefined) {
      const problem = patternProblem(input.pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    }
    if (input.pattern_hint !== undefined && input.pattern === undefined) ctx.addIssue({ code: 'custom', path: ['pattern_hint'], message: 'describes a pattern; add one' });
    if (input.options_from) {
      const kind = 'table_input' in input.options_from ? 'table_input' : 'bucket' in input.options_from ? 'bucket' : 'table';
      if (!SOURCE_TYPES[kind].includes(input.type)) {
        ctx.addIssue({ code: 'custom', path: ['options_from'], message: `{${kind === 'table' ? 'table, column' : kind}} applies to ${SOURCE_TYPES[kind].join(', ')} inputs, not ${input.type}` });
      }
    }
    if (input.type === 'column' && !(input.options_from && 'table_input' in input.options_from)) {
      ctx.addIssue({ code: 'custom', path: ['options_from'], message: 'a column input needs options_from: {table_input: <the table input its column belongs to>}' });
    }
  })
  .openapi('InputSpec');
export type InputSpec = z.infer<typeof InputSpec>;

/** A pattern is matched against the whole value; it must compile as a JavaScript regular expression. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`, 'u').test(value);
}

/** Document-level: a column input's table_input must name a table input of the same Playbook. */
export function tableInputIssues(inputs: readonly InputSpec[]): { path: PropertyKey[]; message: string }[] {
  const issues: { path: PropertyKey[]; message: string }[] = [];
  inputs.forEach((input, i) => {
    if (!input.options_from || !('table_input' in input.options_from)) return;
    const named = input.options_from.table_input;
    const target = inputs.find((other) => other.name === named);
    if (!target || target.type !== 'table') {
      const tables = inputs.filter((other) => other.type === 'table').map((other) => other.name);
      issues.push({ path: ['inputs', i, 'options_from', 'table_input'], message: `"${named}" is not a table input of this Playbook (table inputs: ${tables.join(', ') || 'none'})` });
    }
  });
  return issues;
}

/** GET /playbooks/{id}/inputs/{name}/options: values a person may pick, read from the connected project. */
export const InputOption = z.object({ value: z.string(), label: z.string().optional() }).openapi('InputOption');
export type InputOption = z.infer<typeof InputOption>;

export const InputOptionsSource = z
  .union([
    ColumnValuesSource,
    BucketTablesSource,
    z
      .object({ table_input: z.string(), table: TableId.optional() })
      .openapi('TableColumnsSource', { description: 'The columns of `table`: the value of `table_input` given as ?table=, else its default (a column input)' }),
    z.object({ project: z.literal(true) }).openapi('ProjectTablesSource', { description: 'Every table of the connected project (a table input without options_from)' }),
  ])
  .openapi('InputOptionsSource');

export const InputOptions = z
  .object({
    options: z.array(InputOption).openapi({ description: 'At most 200; periods newest first, everything else in ascending order. Extra words from `options` (e.g. "previous") come first' }),
    default: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .openapi({ description: "The value to preselect: the input's default when it is among the options, else the first option (tables: the default's tables that exist)" }),
    source: InputOptionsSource,
    note: z.string().optional().openapi({ description: 'Why the list is empty or shortened, e.g. the source table does not exist' }),
  })
  .openapi('InputOptions');
export type InputOptions = z.infer<typeof InputOptions>;
