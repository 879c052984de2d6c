/**
 * A small SQL tokenizer for deciding what a statement does (src/broker/sql-risk.ts). It knows
 * comments, strings, quoted identifiers and where statements end; it does not parse.
 *
 * The quoting rules differ between the engines we send SQL to, and a difference is a way to hide
 * a statement: `SELECT 'a\'; DROP TABLE t; --'` is one string to Snowflake but a DROP to SQLite.
 * So each dialect is read with its own rules, and sqlRisk takes the worst reading.
 */

export const SQL_DIALECTS = ['snowflake', 'bigquery', 'sqlite'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';
/** `value` is the upper-cased text for words (keywords are case-insensitive), the raw text otherwise. */
export type SqlToken = { kind: SqlTokenKind; text: string; value: string; start: number; end: number };
/** One statement without its `;`; `text` runs from its first token to its last, comments inside kept. */
export type SqlStatement = { text: string; tokens: SqlToken[] };

type Lexicon = {
  lineComments: readonly string[];
  /** Opening character → closing character and token kind. */
  quotes: Readonly<Record<string, { close: string; kind: 'quoted' | 'string' }>>;
  /** Quote characters inside which a backslash escapes the next character. */
  backslashIn: string;
  /** Whether a doubled quote (`'it''s'`, `"a""b"`) stays inside the quotes. */
  doubled: boolean;
  /** Snowflake `$$ … $$` bodies. */
  dollar: boolean;
  /** BigQuery `'''…'''` and `"""…"""`. */
  triple: boolean;
};

const LEXICONS: Record<SqlDialect, Lexicon> = {
  snowflake: {
    lineComments: ['--', '//'],
    quotes: { "'": { close: "'", kind: 'string' }, '"': { close: '"', kind: 'quoted' } },
    backslashIn: "'",
    doubled: true,
    dollar: true,
    triple: false,
  },
  bigquery: {
    lineComments: ['--', '#'],
    quotes: { "'": { close: "'", kind: 'string' }, '"': { close: '"', kind: 'string' }, '`': { close: '`', kind: 'quoted' } },
    backslashIn: '\'"`',
    doubled: false,
    dollar: false,
    triple: true,
  },
  sqlite: {
    lineComments: ['--'],
    quotes: {
      "'": { close: "'", kind: 'string' },
      '"': { close: '"', kind: 'quoted' },
      '`': { close: '`', kind: 'quoted' },
      '[': { close: ']', kind: 'quoted' },
    },
    backslashIn: '',
    doubled: true,
    dollar: false,
    triple: false,
  },
};

// Per character only. Anything unexpected (a zero-width space, say) becomes punctuation, which
// splits words apart and so can only expose more keywords, never hide one.
const SPACE = /\s/;
const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;
// Ending a line comment at any line break exposes at least what the engine sees.
const LINE_BREAKS = '\n\r\u2028\u2029';

export function tokenize(sql: string, dialect: SqlDialect): SqlToken[] {
  const lexicon = LEXICONS[dialect];
  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, start: number, end: number) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: kind === 'word' ? text.toUpperCase() : text, start, end });
  };
  let i = 0;
  while (i < sql.length) {
    const start = i;
    const c = sql[i]!;
    const quote = lexicon.quotes[c];
    if (SPACE.test(c)) i++;
    else if (lexicon.lineComments.some((marker) => sql.startsWith(marker, i))) {
      while (i < sql.length && !LINE_BREAKS.includes(sql[i]!)) i++;
    } else if (sql.startsWith('/*', i)) i = after(sql, '*/', i + 2);
    else if (lexicon.dollar && sql.startsWith('$$', i)) push('string', start, (i = after(sql, '$$', i + 2)));
    else if (quote) push(quote.kind, start, (i = quotedEnd(sql, i, quote.close, lexicon)));
    else if (WORD_START.test(c)) {
      while (i < sql.length && WORD_PART.test(sql[i]!)) i++;
      push('word', start, i);
    } else if (DIGIT.test(c)) {
      // Digits and dots only: `1e5` becomes `1` and `E5`, so no letters hide inside a number.
      while (i < sql.length && (DIGIT.test(sql[i]!) || sql[i] === '.')) i++;
      push('number', start, i);
    } else push('punct', start, ++i);
  }
  return tokens;
}

/** Splits on top-level `;` (the tokenizer has already consumed any `;` inside quotes or comments). */
export function splitStatements(sql: string, dialect: SqlDialect): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: SqlToken[] = [];
  const close = () => {
    const [first, last] = [current[0], current[current.length - 1]];
    if (first && last) statements.push({ text: sql.slice(first.start, last.end), tokens: current });
    current = [];
  };
  for (const token of tokenize(sql, dialect)) {
    if (token.kind === 'punct' && token.value === ';') close();
    else current.push(token);
  }
  close();
  return statements;
}

/** The index just past the next `closer` at or after `from`; unterminated runs to the end. */
function after(sql: string, closer: string, from: number): number {
  const at = sql.indexOf(closer, from);
  return at < 0 ? sql.length : at + closer.length;
}

function quotedEnd(sql: string, open: number, close: string, lexicon: Lexicon): number {
  const opener = sql[open]!;
  const triple = lexicon.triple && (opener === "'" || opener === '"') && sql.startsWith(opener.repeat(3), open);
  const closer = triple ? opener.repeat(3) : close;
  const backslash = lexicon.backslashIn.includes(opener);
  let i = open + closer.length;
  while (i < sql.length) {
    if (backslash && sql[i] === '\\') i += 2;
    else if (!sql.startsWith(closer, i)) i++;
    else if (lexicon.doubled && closer === opener && sql[i + 1] === opener) i += 2;
    else return i + closer.length;
  }
  return sql.length;
}
