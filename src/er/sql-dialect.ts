// The seam between rule compilation and a SQL engine. sql-compile.ts writes rules only in
// terms of these expressions, so a Snowflake or BigQuery dialect (for rules that run in a
// Keboola workspace) is one more small implementation of this interface: Snowflake, for
// example, would return JAROWINKLER_SIMILARITY(a, b) / 100 for jaroWinkler.
//
// Every expression receives comparison forms (prepare.ts): lower-case letters, digits and
// single spaces, '' or NULL when missing. Callers check presence before using a similarity.

export interface SqlDialect {
  readonly name: string;
  ident(name: string): string;
  text(value: string): string;
  number(value: number): string;
  /** True when the value is neither NULL nor ''. */
  present(expr: string): string;
  /** Jaro-Winkler similarity in [0, 1], equal to jaro-winkler.ts for every input. */
  jaroWinkler(a: string, b: string): string;
  /**
   * A field's tokens as a value computed once per record (an array of distinct tokens), when the
   * engine has one: tokenSetSimilarity then receives these instead of the texts, so the split
   * happens per record rather than twice per compared pair. Without it, the texts.
   */
  tokenSet?(expr: string): string;
  /** Jaccard similarity of distinct space-separated tokens, equal to compare.ts (of two tokenSet values when the dialect has tokenSet). */
  tokenSetSimilarity(a: string, b: string): string;
  /** Days between two YYYY-MM-DD dates; NULL when either is not a real date. */
  daysBetween(a: string, b: string): string;
  /** Positions at which two strings of equal length ≤ `length` differ; NULL when lengths differ. */
  positionDiffs(a: string, b: string, length: number): string;
  /** The text with every space removed. */
  withoutSpaces(expr: string): string;
  /** Length in characters. */
  length(expr: string): string;
  /** True when `text` begins with `prefix`. */
  startsWith(text: string, prefix: string): string;
  /** Substring, 1-based as in SQL. */
  substr(expr: string, start: number, length: number): string;
  /** 1 when two present strings are at most one edit apart (compare.ts withinOneEdit), else 0. */
  oneEdit(a: string, b: string): string;
  /** True when the text is a plain decimal number (-?digits[.digits]). */
  isNumber(expr: string): string;
  /** The text as a floating-point number. */
  toNumber(expr: string): string;
  /**
   * A common table expression computed once, not re-evaluated per reference: each similarity
   * (a recursive subquery in SQLite) is then computed once per pair, however many rules read it.
   */
  materializedCte(name: string, body: string): string;
}
