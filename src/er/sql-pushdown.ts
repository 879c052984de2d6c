// Warehouse-scale resolution: when the tables are larger than a run should pull, blocking and
// comparison run in the Keboola workspace as one Snowflake statement (sql-blocking.ts, then the
// compiled rules), only the matched pairs come back, and clustering and survivorship run in the
// run from those pairs (resolverFromPairs) — the same finishing as the in-run path.
import { DEFAULT_BLOCKING, type BlockingPass } from './blocking';
import { startCursor } from './pair-cursor';
import { MATCH_FIELDS, type PreparedRecord } from './prepare';
import { deriveProfile } from './profile';
import { restoreResolver, type Resolver, type ResolverConfig, type ResolverState } from './resolver';
import { DEFAULT_RULES, type Rule } from './rules';
import { blockingCtes } from './sql-blocking';
import { compileRules } from './sql-compile';
import type { SqlDialect } from './sql-dialect';
import { snowflakeDialect } from './sql-snowflake';

/** Rows above which a run resolves in the warehouse instead of pulling the tables. */
export const DEFAULT_PUSHDOWN_ROWS = 200_000;

export function shouldPushDown(rows: number, threshold = DEFAULT_PUSHDOWN_ROWS): boolean {
  return rows > threshold;
}

export type PushdownDecision = { where: 'warehouse' | 'run'; rows: number; threshold: number; reason: string };

/** Where blocking and comparison run, and why in words a run's reader understands. */
export function pushdownDecision(rows: number, threshold: number, warehouse: boolean): PushdownDecision {
  const counted = `${rows.toLocaleString('en')} rows in the source tables, threshold ${threshold.toLocaleString('en')}`;
  if (!shouldPushDown(rows, threshold)) return { where: 'run', rows, threshold, reason: `${counted}: compared in the run` };
  if (!warehouse) return { where: 'run', rows, threshold, reason: `${counted}, but the built-in sample project has no warehouse to push down to: compared in the run` };
  return { where: 'warehouse', rows, threshold, reason: `${counted}: blocking and comparison pushed down to the Keboola workspace, only matched pairs come back` };
}

export type PushdownOptions = {
  /** The comparison forms table in the workspace (matchTable's columns), quoted as the dialect needs, e.g. `"in.c-er"."forms"`. */
  table: string;
  mode?: 'dedup' | 'link';
  blocking?: BlockingPass[];
  dialect?: SqlDialect;
};

/** One statement: `left_key, right_key, <one 0/1 column per rule>` for every matched candidate pair. */
export function pushdownSql(rules: readonly Rule[], options: PushdownOptions): string {
  const d = options.dialect ?? snowflakeDialect;
  return compileRules(rules, { dialect: d, table: 'er_forms', pairsTable: 'er_pairs', with: candidateCtes(options, d) });
}

/** The candidate pairs alone (`left_key, right_key`): for checking blocking against candidates.ts. */
export function candidatePairsSql(options: PushdownOptions): string {
  return `WITH ${candidateCtes(options, options.dialect ?? snowflakeDialect).join(',\n')}\nSELECT left_key, right_key FROM er_pairs`;
}

function candidateCtes(options: PushdownOptions, d: SqlDialect): string[] {
  // Keys typed as integers: the pair order (left < right) and the sorted passes' tie-break are numeric.
  const forms = `er_forms AS (SELECT CAST(rec AS BIGINT) AS rec, source, ${MATCH_FIELDS.map((f) => d.ident(f)).join(', ')} FROM ${options.table})`;
  return [forms, ...blockingCtes(options.blocking ?? DEFAULT_BLOCKING, { dialect: d, forms: 'er_forms', mode: options.mode ?? 'dedup' })];
}

/**
 * The comparison forms (matchTable's columns and rows) as a workspace table `table`: a CREATE,
 * then INSERTs of at most `perStatement` rows. Empty forms go in as NULL, as a CSV load into the
 * warehouse reads them (the pushdown's equality with the in-run path is checked that way).
 * Statements are made as they are sent, from rows taken as they come: the whole table as SQL
 * text (or as row arrays) is never held — at 250,000 rows that was ~100 MB beside the records.
 */
export function* formsTableSql(table: string, forms: { columns: readonly string[]; rows: Iterable<readonly string[]> }, perStatement = 1_000, d: SqlDialect = snowflakeDialect): Generator<string> {
  yield `CREATE OR REPLACE TABLE ${table} (${forms.columns.map((c) => `${d.ident(c)} VARCHAR`).join(', ')})`;
  let values: string[] = [];
  const insert = () => `INSERT INTO ${table} VALUES ${values.join(',\n')}`;
  for (const row of forms.rows) {
    values.push(`(${row.map((v) => (v === '' ? 'NULL' : d.text(v))).join(', ')})`);
    if (values.length < perStatement) continue;
    yield insert();
    values = [];
  }
  if (values.length > 0) yield insert();
}

/** Query result rows → flat (x, y, rule mask) triples, x < y, as the resolver keeps matches. */
export function pairsToMatches(rows: readonly (readonly unknown[])[]): number[] {
  const triples: number[] = [];
  for (const row of rows) {
    const [x, y] = [Number(row[0]), Number(row[1])];
    let mask = 0;
    for (let r = 2; r < row.length; r++) if (Number(row[r])) mask |= 1 << (r - 2);
    triples.push(Math.min(x, y), Math.max(x, y), mask);
  }
  return triples;
}

/**
 * A resolver past comparison, holding the warehouse's matches: step it with stepFinish (or call
 * finish) for clusters and golden records. `records` are the prepared records in `rec` order.
 */
export function resolverFromPairs(records: readonly PreparedRecord[], config: ResolverConfig, matches: number[]): Resolver {
  const rules = config.rules ?? DEFAULT_RULES;
  const blocking = config.blocking ?? DEFAULT_BLOCKING;
  const state: ResolverState = {
    version: 1,
    config: { ...config, mode: config.mode ?? 'dedup', rules, blocking },
    phase: 'finishing',
    recordCount: records.length,
    records: [...records],
    keys: [],
    indexPass: blocking.length,
    indexes: [],
    cursor: startCursor(),
    matches,
    comparedByPass: blocking.map(() => 0),
    skippedBlocks: [],
    duplicates: [],
    profile: deriveProfile(records),
  };
  return restoreResolver(state);
}
