// What an approved call will do, read from its arguments and its dry run (the server's answer),
// as plain data for the previews. Nothing is inferred that the dry run did not say.

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export type PiiFlag = { column: string; kind: string; by: string };

/** The load against the table as it is (the dry run's comparison by primary key), or why there is none. */
export type RowDiff =
  | { added: number; changed: number; unchanged: number; removed: number; changed_columns: Record<string, number>; compared_by: string[] }
  | { skipped: string; compared_by: string[] };

export type TableWriteSummary = {
  table: string;
  /** create: a new table; append: incremental (rows with an existing key are replaced); replace: every row replaced. */
  mode: 'create' | 'append' | 'replace';
  creates_bucket: boolean;
  rows: number | null;
  columns: string[];
  new_columns: string[];
  primary_key: string[];
  /** Rows in the table now, and after the load (for an append, at most). */
  rows_before: number | null;
  rows_after: number | null;
  pii: PiiFlag[];
  sample: Json[];
  diff: RowDiff | null;
  /** The dry run did not run (policy) or said nothing: only the arguments are known. */
  from_arguments_only: boolean;
};

export function tableWriteSummary(args: Json, dryRunResult: unknown): TableWriteSummary {
  const dry = obj(dryRunResult);
  const would = obj(dry.would);
  const preview = obj(dry.preview);
  const known = Object.keys(would).length > 0;
  const action = would.action === 'create' ? 'create' : 'import';
  const incremental = known ? would.incremental === true : args.incremental === true;
  const mode = known && action === 'create' ? 'create' : incremental ? 'append' : 'replace';
  const rows = num(would.rows);
  const before = mode === 'create' ? 0 : num(would.current_rows ?? would.replaces_rows);
  return {
    table: typeof args.table_id === 'string' ? args.table_id : String(would.table_id ?? ''),
    mode,
    creates_bucket: would.creates_bucket === true,
    rows,
    columns: strings(would.columns),
    new_columns: strings(would.new_columns),
    primary_key: strings(would.primary_key ?? args.primary_key),
    rows_before: before,
    rows_after: rows === null ? null : mode === 'append' ? (before === null ? null : before + rows) : rows,
    pii: (Array.isArray(preview.pii_columns) ? preview.pii_columns : []).map(obj).map((p) => ({ column: String(p.column), kind: String(p.kind), by: String(p.by) })),
    sample: (Array.isArray(preview.sample) ? preview.sample : []).map(obj),
    diff: rowDiff(preview.diff),
    from_arguments_only: !known,
  };
}

function rowDiff(v: unknown): RowDiff | null {
  const d = obj(v);
  const compared_by = strings(d.compared_by);
  if (typeof d.skipped === 'string') return { skipped: d.skipped, compared_by };
  const [added, changed, unchanged, removed] = [num(d.added), num(d.changed), num(d.unchanged), num(d.removed)];
  if (added === null || changed === null || unchanged === null || removed === null) return null;
  const columns = obj(d.changed_columns);
  return { added, changed, unchanged, removed, compared_by, changed_columns: Object.fromEntries(Object.entries(columns).filter(([, n]) => typeof n === 'number')) as Record<string, number> };
}

export type JobRunSummary = {
  component: string;
  component_name: string | null;
  component_type: string | null;
  config: string;
  config_name: string | null;
  disabled: boolean;
  effect: string | null;
};

export function jobRunSummary(args: Json, dryRunResult: unknown): JobRunSummary {
  const would = obj(obj(dryRunResult).would);
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    component: String(args.component ?? would.component ?? ''),
    component_name: text(would.component_name),
    component_type: text(would.component_type),
    config: String(args.config ?? would.config ?? ''),
    config_name: text(would.config_name),
    disabled: would.disabled === true,
    effect: text(would.effect),
  };
}

/** Whether the dry run of a Slack send said it would only reach the run's outbox (no bot token). */
export const slackSandboxed = (dryRunResult: unknown) => obj(dryRunResult).sandbox === true;
