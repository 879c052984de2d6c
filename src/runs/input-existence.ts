import type { Env } from '../env';
import type { TableInfo } from '../connections/keboola/backend';
import type { InputSpec } from '../domain/input-spec';
import { inputProject, listed, type InputProject } from './input-project';

export type InputIssue = { path: string; message: string };

/** Enough distinct values to judge any real period column; beyond it a value is given the benefit of the doubt. */
const MAX_CHECKED_VALUES = 10_000;

/**
 * What run inputs name in the connected project that is not there: a table (or one of `tables`),
 * a column of the table chosen in another input, a value (a period, say) with no rows in the
 * column it is offered from. Values must already have passed valueProblem (src/runs/input-values.ts).
 * A project that cannot be read blocks nothing: the run reports Keboola's own error when it gets there.
 */
export async function checkInputsExist(env: Env, specs: readonly InputSpec[], values: Record<string, unknown>): Promise<InputIssue[]> {
  const checked = specs.filter((spec) => values[spec.name] !== undefined && needsProject(spec));
  if (checked.length === 0) return [];
  const project = inputProject(env, 'run-inputs');
  const issues = await Promise.all(
    checked.map(async (spec) => {
      try {
        const message = await existenceProblem(project, spec, values);
        return message ? { path: `inputs.${spec.name}`, message } : undefined;
      } catch (error) {
        console.warn(`could not check input "${spec.name}" against the project:`, error instanceof Error ? error.message : error);
        return undefined;
      }
    }),
  );
  return issues.filter((issue): issue is InputIssue => issue !== undefined);
}

export function needsProject(spec: InputSpec): boolean {
  return ['table', 'tables', 'column'].includes(spec.type) || (spec.options_from !== undefined && 'column' in spec.options_from);
}

async function existenceProblem(project: InputProject, spec: InputSpec, values: Record<string, unknown>): Promise<string | undefined> {
  const value = values[spec.name];
  if (spec.type === 'table' || spec.type === 'tables') {
    const ids = (Array.isArray(value) ? value : [value]) as string[];
    return missingTables(ids, await project.tables());
  }
  const tables = await project.tables();
  const from = spec.options_from;
  if (spec.type === 'column' && from && 'table_input' in from) {
    // A missing table is its own input's issue; a column can only be judged against a table that exists.
    const table = tables.find((t) => t.id === values[from.table_input]);
    if (!table || table.columns.includes(value as string)) return undefined;
    return `column "${value}" is not in ${table.id}; its columns are ${listed(table.columns, 50)}`;
  }
  if (!from || !('column' in from) || (spec.options ?? []).includes(value as string)) return undefined;
  const { table: tableId, column } = from;
  const table = tables.find((t) => t.id === tableId);
  if (!table) return `cannot be checked: ${missingTables([tableId], tables)}`;
  if (!table.columns.includes(column)) return `cannot be checked: ${tableId} has no column "${column}" (its columns are ${listed(table.columns, 50)})`;
  const present = await project.distinctValues(tableId, column, MAX_CHECKED_VALUES);
  if (present.truncated || present.values.includes(String(value))) return undefined;
  const ascending = [...present.values].reverse();
  return spec.type === 'period'
    ? `no rows for ${value} in ${tableId}; periods present: ${listed(ascending)}`
    : `"${value}" is not among the values of ${column} in ${tableId}; values present: ${listed(ascending)}`;
}

/** "in.c-x.y does not exist; tables in in.c-x: a, b", once per missing table. */
export function missingTables(ids: readonly string[], tables: readonly TableInfo[]): string | undefined {
  const known = new Set(tables.map((t) => t.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length === 0) return undefined;
  return missing
    .map((id) => {
      const bucket = id.slice(0, id.lastIndexOf('.'));
      const siblings = tables.filter((t) => t.bucket === bucket).map((t) => t.name);
      if (siblings.length > 0) return `${id} does not exist; tables in ${bucket}: ${listed(siblings)}`;
      const buckets = [...new Set(tables.map((t) => t.bucket))].sort();
      return `${id} does not exist, and ${bucket} has no tables; buckets with tables: ${listed(buckets)}`;
    })
    .join('; ');
}
