import type { InputOption, InputOptions, InputSpec } from '../domain/input-spec';
import { AppError, NotFoundError } from '../errors';
import { getPlaybook, type PlaybookDeps } from '../playbooks/service';
import { inputProject, type InputProject } from './input-project';

/** The picker shows at most this many; periods keep the newest. */
export const MAX_OPTIONS = 200;

/** Options are offered for inputs whose values the project knows; any other input is a 422, not an empty list that looks like "nothing fits". */
export class NoOptionsError extends AppError {
  override name = 'NoOptionsError';
  constructor(input: InputSpec) {
    super(422, 'no_options', `Input "${input.name}" (${input.type}) has no options_from, so no values are offered; type a value instead`, { input: input.name });
  }
}

export class ProjectUnavailableError extends AppError {
  override name = 'ProjectUnavailableError';
  constructor(cause: unknown) {
    const said = cause instanceof Error ? cause.message : String(cause);
    super(502, 'project_unavailable', `The connected project could not be read: ${said}`, undefined, { cause });
  }
}

/**
 * GET /playbooks/{id}/inputs/{name}/options for the caller (404 when they cannot see the
 * Playbook, as everywhere). `table` is the table a column input's table input currently holds
 * (else that input's default).
 */
export async function inputOptions(deps: PlaybookDeps, playbookId: string, name: string, query: { table?: string | undefined }): Promise<InputOptions> {
  const { spec } = await getPlaybook(deps, playbookId);
  const input = spec.inputs.find((i) => i.name === name);
  if (!input) throw new NotFoundError('Input', name);
  const project = inputProject(deps.env, 'input-options');
  let found: Omit<InputOptions, 'default'>;
  try {
    found = await read(project, input, spec.inputs, query.table);
  } catch (error) {
    throw error instanceof AppError ? error : new ProjectUnavailableError(error);
  }
  const preselect = defaultOf(input, found.options);
  return { ...found, ...(preselect === undefined ? {} : { default: preselect }) };
}

async function read(project: InputProject, input: InputSpec, inputs: readonly InputSpec[], table: string | undefined): Promise<Omit<InputOptions, 'default'>> {
  const from = input.options_from;
  if (from && 'column' in from) {
    const words = (input.options ?? []).map((value) => ({ value }));
    const source = { table: from.table, column: from.column };
    const found = (await project.tables()).find((t) => t.id === from.table);
    if (!found) return { options: words, source, note: `${from.table} does not exist in the connected project` };
    if (!found.columns.includes(from.column)) return { options: words, source, note: `${from.table} has no column "${from.column}"` };
    const { values, truncated } = await project.distinctValues(from.table, from.column, MAX_OPTIONS);
    // Periods newest first (the one a person most likely runs); other values alphabetically.
    const ordered = input.type === 'period' ? values : [...values].reverse();
    return { options: [...words, ...ordered.map((value) => ({ value }))], source, ...(truncated ? { note: `the first ${MAX_OPTIONS} values` } : {}) };
  }
  if (from && 'table_input' in from) {
    const tableInput = inputs.find((i) => i.name === from.table_input);
    const tableId = table ?? (typeof tableInput?.default === 'string' ? tableInput.default : undefined);
    if (!tableId) return { options: [], source: { table_input: from.table_input }, note: `choose a table in "${from.table_input}" first` };
    const source = { table_input: from.table_input, table: tableId };
    const found = (await project.tables()).find((t) => t.id === tableId);
    if (!found) return { options: [], source, note: `${tableId} does not exist in the connected project` };
    return { options: found.columns.map((value) => ({ value })), source };
  }
  if (input.type === 'table' || input.type === 'tables') {
    const all = await project.tables();
    const bucket = from && 'bucket' in from ? from.bucket : undefined;
    const tables = all.filter((t) => bucket === undefined || t.bucket === bucket);
    const options = tables.slice(0, MAX_OPTIONS).map((t) => ({ value: t.id, label: t.rows_count === null ? t.id : `${t.id} · ${t.rows_count} rows` }));
    const note = tables.length === 0 && bucket ? `no tables in ${bucket}` : tables.length > MAX_OPTIONS ? `the first ${MAX_OPTIONS} of ${tables.length} tables` : undefined;
    return { options, source: bucket ? { bucket } : { project: true }, ...(note ? { note } : {}) };
  }
  throw new NoOptionsError(input);
}

/** The declared default when the project has it, else the first option; tables keep the default's tables that exist. */
function defaultOf(input: InputSpec, options: readonly InputOption[]): string | string[] | undefined {
  const offered = new Set(options.map((o) => o.value));
  if (input.type === 'tables') {
    const kept = Array.isArray(input.default) ? input.default.filter((t): t is string => typeof t === 'string' && offered.has(t)) : [];
    return kept.length > 0 ? kept : undefined;
  }
  if (typeof input.default === 'string' && offered.has(input.default)) return input.default;
  return options[0]?.value;
}
