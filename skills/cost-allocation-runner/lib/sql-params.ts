/**
 * Replaces a named parameter such as `:period` in SQL with a literal, outside quoted strings,
 * quoted identifiers and comments, so `'a:period'`, `"x:period"` and `-- :period` are left alone
 * and `::period` (a cast) is not a parameter. The rest of the author's SQL is kept byte for byte.
 */
export function substituteParameter(sql: string, name: string, literal: string): { sql: string; count: number } {
  const token = `:${name}`;
  let out = '';
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    if (c === ':' && sql.startsWith(token, i) && sql[i - 1] !== ':' && !/[A-Za-z0-9_]/.test(sql[i + token.length] ?? '')) {
      out += literal;
      count += 1;
      i += token.length;
      continue;
    }
    out += c;
    i += 1;
  }
  return { sql: out, count };
}

/** SQL string literal: single quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The index just past a quoted string, quoted identifier or comment starting at `i`, else `i`. */
function skipQuotedOrComment(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2; // doubled quote inside
        else return j + 1;
      } else j += 1;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}
