// The SQLite dialect (the run's workspace database is SQLite in a Durable Object). SQLite has
// no string-similarity functions and Durable Objects cannot register any, so Jaro-Winkler and
// token-set similarity are written in plain SQL as correlated subqueries; they reproduce the
// in-memory arithmetic operation for operation, so a threshold decides the same way in both.
import type { SqlDialect } from './sql-dialect';

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  text: (value) => `'${value.replace(/'/g, "''")}'`,
  number: (value) => {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  },
  present: (expr) => `(${expr} IS NOT NULL AND ${expr} <> '')`,
  jaroWinkler: sqliteJaroWinkler,
  tokenSetSimilarity: sqliteTokenSet,
  // date(x) = x rejects impossible dates such as 1931-02-30, which julianday() would roll over.
  daysBetween: (a, b) => `(CASE WHEN date(${a}) = ${a} AND date(${b}) = ${b} THEN abs(julianday(${a}) - julianday(${b})) END)`,
  positionDiffs: (a, b, length) => {
    const terms = Array.from({ length }, (_, i) => `(substr(${a}, ${i + 1}, 1) <> substr(${b}, ${i + 1}, 1))`);
    return `(CASE WHEN length(${a}) = length(${b}) AND length(${a}) <= ${length} THEN ${terms.join(' + ')} END)`;
  },
  withoutSpaces: (expr) => `replace(${expr}, ' ', '')`,
  length: (expr) => `length(${expr})`,
  startsWith: (text, prefix) => `substr(${text}, 1, length(${prefix})) = ${prefix}`,
  substr: (expr, start, length) => `substr(${expr}, ${start}, ${length})`,
  // Mirrors /^-?[0-9]+(\.[0-9]+)?$/ (compare.ts numbersAgree) with GLOB patterns.
  isNumber: (x) =>
    `((${x} GLOB '[0-9]*' OR ${x} GLOB '-[0-9]*') AND substr(${x}, 2) NOT GLOB '*[^0-9.]*' AND ${x} NOT GLOB '*.*.*' AND ${x} NOT GLOB '*.')`,
  toNumber: (x) => `CAST(${x} AS REAL)`,
  oneEdit: sqliteOneEdit,
  // Without the hint SQLite may flatten the CTE into the outer query and copy each similarity
  // expression into every rule that reads it.
  materializedCte: (name, body) => `${name} AS MATERIALIZED (${body})`,
};

/**
 * Jaro-Winkler as one recursive CTE walking three phases, one row per step:
 *   1. over s1: find each character's first unmatched equal character of s2 inside the match
 *      window (instr() on s2 with matched characters blanked to char(1)), collecting the matched
 *      characters of s1 in order (m1);
 *   2. over s2: collect its matched characters in order (m2);
 *   3. over m1: count the positions where m1 and m2 differ (twice the transpositions).
 * Phase 4 is the single final row. Equal strings skip the walk (similarity 1).
 */
function sqliteJaroWinkler(a: string, b: string): string {
  const lo = `max(1, w.i - p.win)`;
  // max(0, …): SQLite's substr with a negative length counts backwards, JS slicing does not.
  const window = `substr(w.s2m, ${lo}, max(0, min(p.l2, w.i + p.win) - ${lo} + 1))`;
  const hit = `instr(${window}, substr(p.s1, w.i, 1))`;
  const j = `(${lo} + ${hit} - 1)`;
  const prefix = [1, 2, 3, 4].map((k) => `(CASE WHEN ${k} <= min(p.l1, p.l2) AND substr(p.s1, 1, ${k}) = substr(p.s2, 1, ${k}) THEN 1 ELSE 0 END)`).join(' + ');
  return `(CASE WHEN ${a} = ${b} THEN 1.0 ELSE (WITH RECURSIVE
  p(s1, s2, l1, l2, win) AS (SELECT ${a}, ${b}, length(${a}), length(${b}), max(0, max(length(${a}), length(${b})) / 2 - 1)),
  w(ph, i, s2m, m1, m2, t) AS (
    SELECT 1, 1, p.s2, '', '', 0 FROM p
    UNION ALL
    SELECT
      CASE WHEN (w.ph = 1 AND w.i >= p.l1) OR (w.ph = 2 AND w.i >= p.l2) OR (w.ph = 3 AND w.i >= length(w.m1)) THEN w.ph + 1 ELSE w.ph END,
      CASE WHEN (w.ph = 1 AND w.i >= p.l1) OR (w.ph = 2 AND w.i >= p.l2) OR (w.ph = 3 AND w.i >= length(w.m1)) THEN 1 ELSE w.i + 1 END,
      CASE WHEN w.ph = 1 AND ${hit} > 0 THEN substr(w.s2m, 1, ${j} - 1) || char(1) || substr(w.s2m, ${j} + 1) ELSE w.s2m END,
      CASE WHEN w.ph = 1 AND ${hit} > 0 THEN w.m1 || substr(p.s1, w.i, 1) ELSE w.m1 END,
      CASE WHEN w.ph = 2 AND substr(w.s2m, w.i, 1) = char(1) THEN w.m2 || substr(p.s2, w.i, 1) ELSE w.m2 END,
      CASE WHEN w.ph = 3 AND substr(w.m1, w.i, 1) <> substr(w.m2, w.i, 1) THEN w.t + 1 ELSE w.t END
    FROM w, p WHERE w.ph < 4 AND NOT (w.ph = 3 AND length(w.m1) = 0)
  ),
  jaro(j, pre) AS (
    SELECT CASE WHEN length(w.m1) = 0 THEN 0.0 ELSE ((1.0 * length(w.m1) / p.l1) + (1.0 * length(w.m1) / p.l2) + (1.0 * (length(w.m1) - w.t / 2) / length(w.m1))) / 3.0 END, ${prefix}
    FROM w, p WHERE w.ph = 4 OR (w.ph = 3 AND length(w.m1) = 0)
  )
  SELECT CASE WHEN j <= 0.7 THEN j ELSE j + pre * 0.1 * (1.0 - j) END FROM jaro) END)`;
}

/**
 * Token-set (Jaccard) similarity: tokens come from turning "a b c" into the JSON array
 * ["a","b","c"] — safe because comparison forms hold only letters, digits and spaces.
 */
function sqliteTokenSet(a: string, b: string): string {
  const tokens = (x: string) => `json_each('["' || replace(${x}, ' ', '","') || '"]')`;
  return `(SELECT CASE WHEN na + nb - shared = 0 THEN 0.0 ELSE 1.0 * shared / (na + nb - shared) END FROM (
    SELECT (SELECT count(DISTINCT value) FROM ${tokens(a)}) AS na,
           (SELECT count(DISTINCT value) FROM ${tokens(b)}) AS nb,
           (SELECT count(DISTINCT x.value) FROM ${tokens(a)} AS x WHERE x.value IN (SELECT value FROM ${tokens(b)})) AS shared))`;
}

/**
 * At most one edit apart, as compare.ts withinOneEdit: the common prefix length p is found with a
 * recursive CTE, then the rests are compared — equal after one substituted character, after two
 * neighbours swapped, or after the longer string's character at p is dropped.
 */
function sqliteOneEdit(a: string, b: string): string {
  return `(CASE WHEN ${a} = ${b} THEN 1 WHEN abs(length(${a}) - length(${b})) > 1 THEN 0 ELSE (WITH RECURSIVE
  k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < min(length(${a}), length(${b})) AND substr(${a}, i + 1, 1) = substr(${b}, i + 1, 1)),
  q(p) AS (SELECT max(i) FROM k)
  SELECT CASE
    WHEN length(${a}) = length(${b}) THEN (substr(${a}, p + 2) = substr(${b}, p + 2)
      OR (substr(${a}, p + 1, 1) = substr(${b}, p + 2, 1) AND substr(${a}, p + 2, 1) = substr(${b}, p + 1, 1) AND substr(${a}, p + 3) = substr(${b}, p + 3)))
    WHEN length(${a}) > length(${b}) THEN substr(${a}, p + 2) = substr(${b}, p + 1)
    ELSE substr(${b}, p + 2) = substr(${a}, p + 1) END FROM q) END)`;
}
