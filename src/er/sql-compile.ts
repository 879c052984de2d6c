// Rules → SQL. The query reads a table of comparison forms (matchTable below: one row per
// prepared record, one column per MATCH_FIELDS entry) and returns the matching pairs with one
// 0/1 column per rule — the same answer as the in-memory matcher (match.ts) on the same rows.
//
// Like the in-memory matcher, it computes each distinct similarity once per pair: a first,
// materialised step scores the pairs (one column per similarity, NULL when a side is missing,
// plus the raw values the other comparisons read), and the rules are then cheap expressions
// over those columns. That also keeps the statement small enough for SQLite's limits.
import { validateRules } from './match';
import { MATCH_FIELDS, type MatchField, type PreparedRecord } from './prepare';
import { RuleError, type Comparison, type Condition, type Rule } from './rules';
import type { SqlDialect } from './sql-dialect';
import { sqliteDialect } from './sql-sqlite';

export type SqlTarget = {
  dialect?: SqlDialect;
  /** Table of comparison forms (left side in a linkage). */
  table: string;
  /** Linkage: the right side's table. Without it every pair inside `table` is considered. */
  rightTable?: string;
  /** Column that identifies a row; in deduplication also orders the pair (left < right). Default "rec". */
  keyColumn?: string;
  /**
   * Only compare the pairs listed here (columns left_key, right_key), e.g. candidate pairs from
   * blocking; without it all pairs are compared, which suits small tables only.
   */
  pairsTable?: string;
  /** Common table expressions (`name AS (…)`) put before the query's own, e.g. the pairs table as blocking SQL. */
  with?: string[];
};

type Columns = {
  /** The scored column holding a side's raw value. */
  value(side: 'a' | 'b', field: MatchField): string;
  /** The scored column holding a similarity. */
  similarity(c: Comparison & { method: 'jaro_winkler' | 'token_set' }): string;
};

/**
 * One query for a rule set: `SELECT left_key, right_key, <one 0/1 column per rule>` over the
 * pairs at least one rule matches. The rule columns are named by rule id.
 */
export function compileRules(rules: readonly Rule[], target: SqlTarget): string {
  validateRules(rules);
  const d = target.dialect ?? sqliteDialect;
  const key = d.ident(target.keyColumn ?? 'rec');

  // Collect what the rules read: raw values per side, distinct similarities, and the fields
  // whose token sets are computed per record (dialects with tokenSet).
  const values = new Map<string, string>();
  const similarities = new Map<string, { column: string; sql: string }>();
  const tokenFields = new Set<MatchField>();
  const tokenSet = (side: 'a' | 'b', field: MatchField): string => {
    if (!d.tokenSet) return `${side}.${d.ident(field)}`;
    tokenFields.add(field);
    return `${side}.${d.ident(`${field}__tokens`)}`;
  };
  const columns: Columns = {
    value(side, field) {
      const name = `${side}_${field}`;
      values.set(name, `${side}.${d.ident(field)}`);
      return d.ident(name);
    },
    similarity(c) {
      const id = `${c.method}:${c.field}:${c.against ?? c.field}`;
      let entry = similarities.get(id);
      if (!entry) {
        const x = `a.${d.ident(c.field)}`;
        const y = `b.${d.ident(c.against ?? c.field)}`;
        const score = c.method === 'jaro_winkler' ? d.jaroWinkler(x, y) : d.tokenSetSimilarity(tokenSet('a', c.field), tokenSet('b', c.against ?? c.field));
        entry = { column: d.ident(`sim_${similarities.size}`), sql: `CASE WHEN ${d.present(x)} AND ${d.present(y)} THEN ${score} END` };
        similarities.set(id, entry);
      }
      return entry.column;
    },
  };
  // An exception is tested first: a NULL (a similarity with a missing side) there falls through
  // to the condition, as the in-memory matcher's false does.
  const flags = rules.map((r) => {
    const unless = r.unless ? `WHEN ${conditionSql(r.unless, d, columns)} THEN 0 ` : '';
    return `CASE ${unless}WHEN ${conditionSql(r.when, d, columns)} THEN 1 ELSE 0 END AS ${d.ident(r.id)}`;
  });

  // The tables as the pairs read them: with the token sets added when the rules need any.
  const ctes = [...(target.with ?? [])];
  const withTokens = (table: string, name: string): string => {
    if (tokenFields.size === 0) return d.ident(table);
    ctes.push(`${name} AS (SELECT t.*, ${[...tokenFields].map((f) => `${d.tokenSet!(`t.${d.ident(f)}`)} AS ${d.ident(`${f}__tokens`)}`).join(', ')} FROM ${d.ident(table)} AS t)`);
    return name;
  };
  const left = withTokens(target.table, 'er_left_tokens');
  const right = target.rightTable ? withTokens(target.rightTable, 'er_right_tokens') : left;
  const from = target.pairsTable
    ? `${d.ident(target.pairsTable)} AS pr JOIN ${left} AS a ON a.${key} = pr.left_key JOIN ${right} AS b ON b.${key} = pr.right_key`
    : target.rightTable
      ? `${left} AS a CROSS JOIN ${right} AS b`
      : `${left} AS a JOIN ${right} AS b ON a.${key} < b.${key}`;
  const scored = [
    `a.${key} AS left_key`,
    `b.${key} AS right_key`,
    ...[...values].map(([name, expr]) => `${expr} AS ${d.ident(name)}`),
    ...[...similarities.values()].map((s) => `${s.sql} AS ${s.column}`),
  ];
  return [
    `WITH ${[...ctes, d.materializedCte('scored', `SELECT\n  ${scored.join(',\n  ')}\nFROM ${from}`)].join(',\n')}`,
    `SELECT * FROM (SELECT left_key, right_key,\n  ${flags.join(',\n  ')}\nFROM scored) AS flagged`,
    `WHERE ${rules.map((r) => d.ident(r.id)).join(' + ')} > 0`,
  ].join('\n');
}

function conditionSql(condition: Condition, d: SqlDialect, columns: Columns): string {
  if ('all' in condition) return `(${condition.all.map((c) => conditionSql(c, d, columns)).join(' AND ')})`;
  if ('any' in condition) return `(${condition.any.map((c) => conditionSql(c, d, columns)).join(' OR ')})`;
  if ('atLeast' in condition) {
    const terms = condition.of.map((c) => `(CASE WHEN ${conditionSql(c, d, columns)} THEN 1 ELSE 0 END)`);
    return `((${terms.join(' + ')}) >= ${condition.atLeast})`;
  }
  return comparisonSql(condition, d, columns);
}

function comparisonSql(c: Comparison, d: SqlDialect, columns: Columns): string {
  if (c.method === 'jaro_winkler' || c.method === 'token_set') return `(${columns.similarity(c)} >= ${d.number(c.threshold)})`;
  if (c.method === 'present') {
    const [x, y] = [d.present(columns.value('a', c.field)), d.present(columns.value('b', c.field))];
    if (c.side === 'not_both') return `(NOT (${x} AND ${y}))`;
    return c.side === 'left' ? x : c.side === 'right' ? y : c.side === 'either' ? `(${x} OR ${y})` : `(${x} AND ${y})`;
  }
  const x = columns.value('a', c.field);
  const y = columns.value('b', c.against ?? c.field);
  const both = `${d.present(x)} AND ${d.present(y)}`;
  switch (c.method) {
    case 'exact':
      return `(${both} AND ${x} = ${y})`;
    case 'numeric':
      return `(${both} AND ${d.isNumber(x)} AND ${d.isNumber(y)} AND abs(${d.toNumber(x)} - ${d.toNumber(y)}) <= ${d.number(c.maxDiff)})`;
    case 'edit_distance':
      return `(${both} AND ${d.oneEdit(x, y)} = 1)`;
    case 'prefix': {
      const [sx, sy] = [d.withoutSpaces(x), d.withoutSpaces(y)];
      const n = d.number(c.minLength);
      const starts = (long: string, short: string) => `(${d.length(short)} >= ${n} AND ${d.length(short)} < ${d.length(long)} AND ${d.startsWith(long, short)})`;
      return `(${both} AND (${sx} = ${sy} OR ${starts(sx, sy)} OR ${starts(sy, sx)}))`;
    }
    case 'date': {
      const ways = [`${x} = ${y}`];
      if (c.maxDays !== undefined) ways.push(`${d.daysBetween(x, y)} <= ${d.number(c.maxDays)}`);
      if (c.maxDigitDiffs !== undefined) ways.push(`${d.positionDiffs(x, y, 10)} <= ${d.number(c.maxDigitDiffs)}`);
      if (c.dayMonthSwap) {
        const s = (e: string, start: number, len: number) => d.substr(e, start, len);
        ways.push(`(length(${x}) = 10 AND length(${y}) = 10 AND ${s(x, 1, 4)} = ${s(y, 1, 4)} AND ${s(x, 6, 2)} = ${s(y, 9, 2)} AND ${s(x, 9, 2)} = ${s(y, 6, 2)})`);
      }
      return `(${both} AND (${ways.join(' OR ')}))`;
    }
    default:
      throw new RuleError(`cannot compile method "${(c as { method: string }).method}" to SQL`);
  }
}

export const MATCH_TABLE_COLUMNS: readonly string[] = ['rec', 'source', 'id', ...MATCH_FIELDS];

/** One record's row of matchTable: its key `rec`, source, id and every comparison form. */
export const matchTableRow = (r: PreparedRecord, rec: number): string[] => [String(rec), r.source, r.id, ...r.match];

/** The table compiled rules read: key, source, id and every comparison form, as text. */
export function matchTable(records: readonly PreparedRecord[], firstKey = 0): { columns: string[]; rows: string[][] } {
  return { columns: [...MATCH_TABLE_COLUMNS], rows: records.map((r, i) => matchTableRow(r, firstKey + i)) };
}
