import { describe, expect, it } from 'vitest';
import { type SqlDialect, splitStatements, tokenize } from './sql-tokens';

const kinds = (sql: string, dialect: SqlDialect) => tokenize(sql, dialect).map((t) => `${t.kind}:${t.value}`);
const texts = (sql: string, dialect: SqlDialect) => splitStatements(sql, dialect).map((s) => s.text);

describe('tokenize', () => {
  it('upper-cases words, keeps quotes whole and drops comments', () => {
    expect(kinds("select \"a\"\"b\", 'it''s' -- x\nFROM /* y */ t1.c$2 WHERE n = 1.5e3", 'sqlite')).toEqual([
      'word:SELECT', 'quoted:"a""b"', 'punct:,', "string:'it''s'", 'word:FROM', 'word:T1', 'punct:.', 'word:C$2',
      'word:WHERE', 'word:N', 'punct:=', 'number:1.5', 'word:E3',
    ]);
  });

  it('reads each dialect’s own quoting', () => {
    expect(kinds("'a\\'b' $$x;y$$ // c", 'snowflake')).toEqual(["string:'a\\'b'", 'string:$$x;y$$']);
    expect(kinds("'a\\'b'", 'sqlite')).toEqual(["string:'a\\'", 'word:B', "string:'"]);
    expect(kinds('[a b] `c`', 'sqlite')).toEqual(['quoted:[a b]', 'quoted:`c`']);
    expect(kinds('"a\\"b" `c\\`d` \'\'\'e\'f\'\'\' # g', 'bigquery')).toEqual(['string:"a\\"b"', 'quoted:`c\\`d`', "string:'''e'f'''"]);
  });

  it('runs unterminated comments and quotes to the end', () => {
    expect(kinds('SELECT 1 /* ; DROP', 'sqlite')).toEqual(['word:SELECT', 'number:1']);
    expect(kinds("SELECT 'a; DROP", 'sqlite')).toEqual(['word:SELECT', "string:'a; DROP"]);
  });
});

describe('splitStatements', () => {
  it('splits on top-level semicolons only and skips empty statements', () => {
    expect(texts("SELECT ';' ; ; SELECT 2 /* ; */ + 1 -- ;\n;SELECT 3;", 'sqlite')).toEqual(["SELECT ';'", 'SELECT 2 /* ; */ + 1', 'SELECT 3']);
    expect(texts('/* only */ -- comments', 'sqlite')).toEqual([]);
  });

  it('ends a line comment at any line break, so nothing after it is hidden', () => {
    expect(texts('SELECT 1 -- a\r; DROP TABLE t', 'sqlite')).toEqual(['SELECT 1', 'DROP TABLE t']);
  });
});
