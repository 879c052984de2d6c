// Blocking passes (blocking.ts) as Snowflake SQL: the candidate pairs the in-memory indexes
// (blocking-index.ts, pair-cursor.ts) generate, computed in the warehouse from the comparison
// forms table. Exact passes self-join equal keys of blocks within the size limit; sorted passes
// order the keyed records by (key, record) — the in-run order, as the merge sort is stable — and
// pair each with the next window − 1 through LEAD, not a join on positions: a range condition
// (pos < x.pos + window) is a nested-loop join in most engines, quadratic in the table's rows.
// A pair found by several passes is kept once.
import { validateBlocking, type BlockingPass, type KeyPart } from './blocking';
import { DEFAULT_MAX_BLOCK_SIZE } from './blocking';
import { RuleError } from './rules';
import type { SqlDialect } from './sql-dialect';

/** A key part, NULL when missing ('' in keyFunction). */
function partSql(part: KeyPart, d: SqlDialect): string {
  const column = `f.${d.ident(part.field)}`;
  const transform = part.transform ?? 'value';
  // soundex() reads only the letters; forms hold letters, digits and spaces.
  if (transform === 'soundex') return `SOUNDEX(NULLIF(TRANSLATE(${column}, '0123456789 ', ''), ''))`;
  if (transform === 'prefix') return `NULLIF(LEFT(${column}, ${d.number(part.length ?? 3)}), '')`;
  return `NULLIF(${column}, '')`;
}

/** The pass's key from its parts' columns, joined with CHR(1) as keyFunction does; NULL when a part is missing. */
function keySql(pass: BlockingPass, parts: string[]): string {
  if (pass.unordered && parts.length > 1) {
    if (parts.length !== 2) throw new RuleError(`blocking pass "${pass.id}": SQL supports unordered keys of two parts`);
    const [x, y] = parts as [string, string];
    return `CASE WHEN ${x} IS NOT NULL AND ${y} IS NOT NULL THEN LEAST(${x}, ${y}) || CHR(1) || GREATEST(${x}, ${y}) END`;
  }
  return parts.join(' || CHR(1) || ');
}

export type BlockingSqlOptions = { dialect: SqlDialect; forms: string; mode?: 'dedup' | 'link' };

/**
 * Common table expressions ending in `er_pairs(left_key, right_key)`, left_key < right_key,
 * over `forms` (a table or CTE with an integer `rec`, `source` and the match fields).
 */
export function blockingCtes(passes: readonly BlockingPass[], { dialect: d, forms, mode = 'dedup' }: BlockingSqlOptions): string[] {
  validateBlocking(passes);
  const link = mode === 'link';
  // Every distinct key part is computed once per record (er_parts), not once per pass reading
  // it: a name's Soundex is read by three passes.
  const parts = new Map<string, string>();
  const column = (part: KeyPart): string => {
    const sql = partSql(part, d);
    if (!parts.has(sql)) parts.set(sql, `part_${parts.size}`);
    return parts.get(sql)!;
  };
  const keys = passes.map((pass) => keySql(pass, pass.key.map(column)));
  const ctes = [`er_parts AS (SELECT f.rec, f.source, ${[...parts].map(([sql, name]) => `${sql} AS ${name}`).join(', ')} FROM ${forms} AS f)`];
  const selects = passes.map((pass, p) => {
    const keyed = `er_keys_${p}`;
    const records = `(SELECT rec, source, ${keys[p]} AS k FROM er_parts) AS t WHERE k IS NOT NULL`;
    if (pass.kind === 'exact') {
      // Oversized blocks are dropped before the join, not after: their pairs are never formed.
      const max = pass.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
      ctes.push(`${keyed} AS (SELECT rec, source, k FROM (SELECT rec, source, k, COUNT(*) OVER (PARTITION BY k) AS n FROM ${records}) AS b WHERE n <= ${max})`);
      return `SELECT x.rec AS left_key, y.rec AS right_key FROM ${keyed} AS x JOIN ${keyed} AS y ON x.k = y.k AND x.rec < y.rec${link ? ' WHERE x.source <> y.source' : ''}`;
    }
    const offsets = Array.from({ length: pass.window - 1 }, (_, i) => i + 1);
    const leads = offsets.map((o) => `LEAD(rec, ${o}) OVER (ORDER BY k, rec) AS rec_${o}${link ? `, LEAD(source, ${o}) OVER (ORDER BY k, rec) AS source_${o}` : ''}`);
    ctes.push(`${keyed} AS (SELECT rec, source, ${leads.join(', ')} FROM ${records})`);
    return offsets
      .map((o) => `SELECT LEAST(rec, rec_${o}) AS left_key, GREATEST(rec, rec_${o}) AS right_key FROM ${keyed} WHERE rec_${o} IS NOT NULL${link ? ` AND source <> source_${o}` : ''}`)
      .join('\nUNION\n');
  });
  ctes.push(`er_pairs AS (${selects.join('\nUNION\n')})`);
  return ctes;
}
