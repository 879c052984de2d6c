// The Snowflake dialect: rules that run in a Keboola workspace (sql-pushdown.ts). Snowflake has
// the similarity functions built in, so most expressions are one call; where a built-in differs
// from the in-memory comparator the difference is bridged here, and said:
//
// - JAROWINKLER_SIMILARITY returns an integer 0–100, truncated (the documented examples: 56.5 →
//   56, 77.8 → 77). Divided by 100 it equals floor(100 · jw) / 100, so `≥ t` decides exactly as
//   jaro-winkler.ts for thresholds in hundredths (every default rule's); finer custom thresholds
//   are effectively rounded up to the next hundredth.
// - EDITDISTANCE is Levenshtein; compare.ts withinOneEdit also accepts one swap of neighbours,
//   checked here position by position for the first SWAP_SPAN characters (given names in
//   `first_short` are at most 5).
import type { SqlDialect } from './sql-dialect';

const SWAP_SPAN = 24;
const DATE = (x: string) => `TRY_TO_DATE(${x}, 'YYYY-MM-DD')`;

export const snowflakeDialect: SqlDialect = {
  name: 'snowflake',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  text: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
  number: (value) => {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  },
  present: (expr) => `(${expr} IS NOT NULL AND ${expr} <> '')`,
  jaroWinkler: (a, b) => `(JAROWINKLER_SIMILARITY(${a}, ${b}) / 100)`,
  // Comparison forms hold letters, digits and single spaces, so SPLIT on ' ' gives the tokens.
  tokenSet: (x) => `ARRAY_DISTINCT(SPLIT(${x}, ' '))`,
  tokenSetSimilarity: (x, y) => {
    const shared = `ARRAY_SIZE(ARRAY_INTERSECTION(${x}, ${y}))`;
    return `(${shared} / (ARRAY_SIZE(${x}) + ARRAY_SIZE(${y}) - ${shared}))`;
  },
  // TRY_TO_DATE is NULL for impossible dates such as 1931-02-30, as epochDay's NaN.
  daysBetween: (a, b) => `ABS(DATEDIFF('day', ${DATE(a)}, ${DATE(b)}))`,
  positionDiffs: (a, b, length) => {
    const terms = Array.from({ length }, (_, i) => `(CASE WHEN SUBSTR(${a}, ${i + 1}, 1) <> SUBSTR(${b}, ${i + 1}, 1) THEN 1 ELSE 0 END)`);
    return `(CASE WHEN LENGTH(${a}) = LENGTH(${b}) AND LENGTH(${a}) <= ${length} THEN ${terms.join(' + ')} END)`;
  },
  withoutSpaces: (expr) => `REPLACE(${expr}, ' ', '')`,
  length: (expr) => `LENGTH(${expr})`,
  startsWith: (text, prefix) => `LEFT(${text}, LENGTH(${prefix})) = ${prefix}`,
  substr: (expr, start, length) => `SUBSTR(${expr}, ${start}, ${length})`,
  oneEdit: (a, b) => `(CASE WHEN EDITDISTANCE(${a}, ${b}) <= 1 THEN 1 WHEN LENGTH(${a}) = LENGTH(${b}) AND (${swapAt(a, b)}) THEN 1 ELSE 0 END)`,
  // Mirrors /^-?[0-9]+(\.[0-9]+)?$/ (REGEXP_LIKE matches the whole string); [.] avoids backslashes.
  isNumber: (x) => `REGEXP_LIKE(${x}, '-?[0-9]+([.][0-9]+)?')`,
  toNumber: (x) => `TRY_CAST(${x} AS DOUBLE)`,
  // Snowflake computes a CTE referenced once a single time; it has no MATERIALIZED hint.
  materializedCte: (name, body) => `${name} AS (${body})`,
};

/** Neighbours swapped at some position i < SWAP_SPAN and everything else equal. */
function swapAt(a: string, b: string): string {
  return Array.from({ length: SWAP_SPAN - 1 }, (_, k) => {
    const i = k + 1;
    const same = (start: number, len?: number) => (len === undefined ? `SUBSTR(${a}, ${start}) = SUBSTR(${b}, ${start})` : `SUBSTR(${a}, ${start}, ${len}) = SUBSTR(${b}, ${start}, ${len})`);
    return `(LENGTH(${a}) > ${i} AND ${i > 1 ? `${same(1, i - 1)} AND ` : ''}SUBSTR(${a}, ${i}, 1) = SUBSTR(${b}, ${i + 1}, 1) AND SUBSTR(${a}, ${i + 1}, 1) = SUBSTR(${b}, ${i}, 1) AND ${same(i + 2)})`;
  }).join(' OR ');
}
