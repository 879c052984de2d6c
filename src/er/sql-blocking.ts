// Blocking passes (blocking.ts) as Snowflake SQL: the candidate pairs the in-memory indexes
// (blocking-index.ts, pair-cursor.ts) generate, computed in the warehouse from the comparison
// forms table. Exact passes self-join equal keys of blocks within the size limit; sorted passes
// number the keyed records by (key, record) — the in-run order, as the merge sort is stable — and
// pair each with the next window − 1. A pair found by several passes is kept once.
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

/** The pass's key joined with CHR(1) as keyFunction does; NULL when a part is missing. */
function keySql(pass: BlockingPass, d: SqlDialect): string {
  const parts = pass.key.map((p) => partSql(p, d));
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
  const ctes: string[] = [];
  const selects = passes.map((pass, p) => {
    const keyed = `er_keys_${p}`;
    if (pass.kind === 'exact') {
      const max = pass.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
      ctes.push(`${keyed} AS (SELECT rec, source, k, COUNT(*) OVER (PARTITION BY k) AS n FROM (SELECT f.rec, f.source, ${keySql(pass, d)} AS k FROM ${forms} AS f) AS t WHERE k IS NOT NULL)`);
      return `SELECT x.rec AS left_key, y.rec AS right_key FROM ${keyed} AS x JOIN ${keyed} AS y ON x.k = y.k AND x.rec < y.rec WHERE x.n <= ${max}${link ? ' AND x.source <> y.source' : ''}`;
    }
    ctes.push(`${keyed} AS (SELECT rec, source, ROW_NUMBER() OVER (ORDER BY k, rec) AS pos FROM (SELECT f.rec, f.source, ${keySql(pass, d)} AS k FROM ${forms} AS f) AS t WHERE k IS NOT NULL)`);
    return `SELECT LEAST(x.rec, y.rec) AS left_key, GREATEST(x.rec, y.rec) AS right_key FROM ${keyed} AS x JOIN ${keyed} AS y ON y.pos > x.pos AND y.pos < x.pos + ${pass.window}${link ? ' WHERE x.source <> y.source' : ''}`;
  });
  ctes.push(`er_pairs AS (${selects.join('\nUNION\n')})`);
  return ctes;
}
