import { TableId } from '../domain/common';
import { fullMatch, type InputSpec, type PeriodFormat } from '../domain/input-spec';
import { sqlProblems } from './sql-input';

/**
 * What is wrong with one run input's value by its declaration alone (type, range, length,
 * pattern, period format, SQL), as the end of a sentence starting with the input's name: "must be
 * at least 2 (got -3)". Whatever needs the connected project is src/runs/input-existence.ts.
 */
export function valueProblem(spec: InputSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'number':
    case 'integer':
      return numberProblem(spec, value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false (got ${shown(value)})`;
    case 'table':
      return typeof value === 'string' && isTableId(value) ? undefined : `must be a table id such as in.c-crm.contacts (got ${shown(value)})`;
    case 'tables':
      return tablesProblem(value);
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0) ? undefined : `must be a list of text values (got ${shown(value)})`;
    case 'column':
      return typeof value === 'string' && value.length <= 256 ? undefined : `must be a column name (got ${shown(value)})`;
    case 'choice':
      return choiceProblem(spec, value);
    case 'period':
      return periodProblem(spec, value);
    case 'sql':
      if (typeof value !== 'string') return `must be SQL text (got ${shown(value)})`;
      return lengthProblem(spec, value) ?? (sqlProblems(value, spec).join('; ') || undefined);
    default:
      return textProblem(spec, value);
  }
}

function numberProblem(spec: InputSpec, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a ${spec.type === 'integer' ? 'whole number' : 'number'} (got ${shown(value)})`;
  if (spec.type === 'integer' && !Number.isInteger(value)) return `must be a whole number (got ${value})`;
  if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min} (got ${value})`;
  if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max} (got ${value})`;
  return undefined;
}

function textProblem(spec: InputSpec, value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be text (got ${shown(value)})`;
  const tooLong = lengthProblem(spec, value);
  if (tooLong) return tooLong;
  if (spec.pattern !== undefined && !fullMatch(spec.pattern, value)) return `must be ${spec.pattern_hint ?? `text matching ${spec.pattern}`} (got ${shown(value)})`;
  return undefined;
}

function lengthProblem(spec: InputSpec, value: string): string | undefined {
  return spec.max_length !== undefined && value.length > spec.max_length ? `must be at most ${spec.max_length} characters (got ${value.length})` : undefined;
}

function tablesProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `must be a list of table ids such as in.c-crm.contacts (got ${shown(value)})`;
  const bad = value.filter((v) => typeof v !== 'string' || !isTableId(v));
  return bad.length === 0 ? undefined : `must be a list of table ids such as in.c-crm.contacts; not table ids: ${bad.map(shown).join(', ')}`;
}

/** With options_from the offered values are read from the project, so any text passes here and is checked there. */
function choiceProblem(spec: InputSpec, value: unknown): string | undefined {
  const options = spec.options ?? [];
  if (typeof value !== 'string') return `must be one of ${options.join(', ')} (got ${shown(value)})`;
  if (spec.options_from || options.includes(value)) return undefined;
  return options.length > 0 ? `must be one of ${options.join(', ')} (got ${shown(value)})` : 'has no options to choose from (the Playbook declares none)';
}

const PERIODS: Record<PeriodFormat, { what: string; valid: (v: string) => boolean }> = {
  'YYYY-MM': { what: 'a month as YYYY-MM', valid: (v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v) },
  'YYYY-MM-DD': { what: 'a date as YYYY-MM-DD', valid: isDate },
  'YYYY-Qn': { what: 'a quarter as YYYY-Qn (e.g. 2026-Q3)', valid: (v) => /^\d{4}-Q[1-4]$/.test(v) },
  YYYY: { what: 'a year as YYYY', valid: (v) => /^\d{4}$/.test(v) },
};

function periodProblem(spec: InputSpec, value: unknown): string | undefined {
  const format = PERIODS[spec.format ?? 'YYYY-MM'];
  const words = spec.options ?? [];
  if (typeof value === 'string' && (words.includes(value) || format.valid(value))) return undefined;
  const or = words.length > 0 ? ` or ${words.map((w) => `"${w}"`).join(', ')}` : '';
  return `must be ${format.what}${or} (got ${shown(value)})`;
}

function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
}

function isTableId(value: string): boolean {
  return TableId.safeParse(value).success;
}

/** The value as the person wrote it, short: "Sept 2025" quoted, numbers bare. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
