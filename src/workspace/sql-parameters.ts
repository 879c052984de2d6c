import { tokenize, type SqlDialect } from '../broker/sql-tokens';

/**
 * Named parameters such as `:period` in an author's SQL, found with the Broker's tokenizer so
 * `':period'`, `"x:period"` and `-- :period` are not parameters and `::period` (a cast) is not one
 * either. The run-start check (src/runs/sql-input.ts) and the substitution the cost-allocation
 * skill does use this one reading, so SQL that passes the check is SQL the substitution changes.
 * SQLite's quoting is the default: doubled quotes, no backslash escapes — what the sample
 * project's workspace runs, and a subset every engine agrees on.
 */

export type Span = { start: number; end: number };

/** `name` without the colon; matched case-sensitively, as a whole word. */
export function parameterSpans(sql: string, name: string, dialect: SqlDialect = 'sqlite'): Span[] {
  const tokens = tokenize(sql, dialect);
  const spans: Span[] = [];
  tokens.forEach((colon, i) => {
    const word = tokens[i + 1];
    const before = tokens[i - 1];
    if (colon.kind !== 'punct' || colon.text !== ':' || word?.kind !== 'word' || word.text !== name || word.start !== colon.end) return;
    if (before?.kind === 'punct' && before.text === ':' && before.end === colon.start) return;
    spans.push({ start: colon.start, end: word.end });
  });
  return spans;
}

/** Replaces each occurrence of `:name` with `literal`; the rest of the SQL is kept byte for byte. */
export function substituteParameter(sql: string, name: string, literal: string): { sql: string; count: number } {
  const spans = parameterSpans(sql, name);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += sql.slice(at, span.start) + literal;
    at = span.end;
  }
  return { sql: out + sql.slice(at), count: spans.length };
}
