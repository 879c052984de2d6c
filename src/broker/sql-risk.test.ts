import { describe, expect, it } from 'vitest';
import type { RiskClass } from '../domain/risk';
import { sqlRisk } from './sql-risk';
import type { SqlDialect } from './sql-tokens';

// [sql, expected class, dialect] — without a dialect the worst of the three readings counts.
const TABLE: [string, RiskClass, SqlDialect?][] = [
  // reads
  ['SELECT * FROM customers', 'compute'],
  ['sElEcT id FROM "in.c-finance.gl_costs" WHERE amount > 10', 'compute'],
  ['VALUES (1, 2), (3, 4)', 'compute'],
  ['(SELECT 1) UNION ALL (SELECT 2)', 'compute'],
  ['WITH a AS (SELECT 1 AS x), b (y) AS MATERIALIZED (SELECT x FROM a) SELECT * FROM b', 'compute'],
  ['WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n', 'compute'],
  ['EXPLAIN QUERY PLAN SELECT * FROM t', 'compute'],
  ['BEGIN TRANSACTION', 'compute'],
  ['COMMIT', 'compute'],
  ['SHOW TABLES', 'compute'],
  ['DESCRIBE TABLE t', 'compute'],
  ['PRAGMA table_info(customers)', 'compute'],
  ['PRAGMA main.index_list("customers")', 'compute'],
  ["SELECT REPLACE(name, 'a', 'b') FROM t", 'compute'],
  ["SELECT INSERT('abc', 1, 1, 'x'), GET(arr, 0), TRUNCATE(1.5)", 'compute'],
  ["SELECT 'DELETE FROM t' AS note", 'compute'],
  ['SELECT 1 -- ; DROP TABLE t', 'compute'],
  ['SELECT "a;b", \'c;d\' FROM t', 'compute'],
  ['SELECT [drop; table] FROM t', 'compute', 'sqlite'],
  ['SELECT $$ a; DROP TABLE t; $$', 'compute', 'snowflake'],
  ["SELECT 'it\\'s; DROP TABLE t'", 'compute', 'snowflake'],
  ['SELECT 1 // ; DROP TABLE t', 'compute', 'snowflake'],
  ["SELECT '''it's; DROP TABLE t''' # ; DELETE FROM t", 'compute', 'bigquery'],
  ['CREATE/**/TABLE', 'write'],
  // writes
  ['INSERT INTO t VALUES (1)', 'write'],
  ['insert or ignore into t select * from u', 'write'],
  ['CREATE TEMP TABLE scratch (a INT)', 'write'],
  ['CREATE TABLE summary AS SELECT region, SUM(x) FROM t GROUP BY region', 'write'],
  ['CREATE UNIQUE INDEX i ON t(a)', 'write'],
  ['CREATE TABLE c (id INT REFERENCES p(id) ON DELETE CASCADE)', 'write'],
  ['COPY INTO mytable FROM @stage FILE_FORMAT = (TYPE = CSV)', 'write'],
  ['SELECT a INTO backup FROM t', 'write'],
  ['SELECT * FROM t FOR UPDATE', 'write'],
  ['USE WAREHOUSE analytics', 'write'],
  ["SET threshold = 10", 'write'],
  ['ANALYZE', 'write'],
  // data leaving the warehouse
  ['COPY INTO @my_stage FROM t', 'external_send'],
  ["COPY INTO 's3://bucket/out/' FROM t CREDENTIALS = (AWS_KEY_ID = 'x')", 'external_send'],
  ['PUT file:///tmp/data.csv @~/staged', 'external_send'],
  ['GET @my_stage file:///tmp/', 'external_send'],
  ["EXPORT DATA OPTIONS (uri = 'gs://b/*.csv') AS SELECT * FROM t", 'external_send'],
  // destructive
  ['DELETE FROM customers WHERE id = 1', 'destructive'],
  ["UPDATE customers SET name = 'x'", 'destructive'],
  ['DROP TABLE customers', 'destructive'],
  ['TRUNCATE TABLE t', 'destructive'],
  ['ALTER TABLE t ADD COLUMN c INT', 'destructive'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', 'destructive'],
  ['REPLACE INTO t VALUES (1)', 'destructive'],
  ['INSERT OR REPLACE INTO t VALUES (1)', 'destructive'],
  ['INSERT OVERWRITE INTO t SELECT * FROM s', 'destructive'],
  ['INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET x = 2', 'destructive'],
  ['CREATE OR REPLACE TABLE t (a INT)', 'destructive'],
  ['WITH x AS (SELECT 1) DELETE FROM t', 'destructive'],
  ['SELECT 1 /* */; DROP TABLE t', 'destructive'],
  ["ATTACH DATABASE 'other.db' AS other", 'destructive'],
  ['DETACH other', 'destructive'],
  ['PRAGMA journal_mode = DELETE', 'destructive'],
  ['PRAGMA writable_schema', 'destructive'],
  ['SELECT SYSTEM$CANCEL_ALL_QUERIES(1)', 'destructive'],
  ['CALL cleanup()', 'destructive'],
  ['EXPLAIN DELETE FROM t', 'destructive'],
  ['ROLLBACK TO SAVEPOINT s', 'destructive'],
  ['BACKUP DATABASE x', 'destructive'],
  // the same text read with every dialect's rules: SQLite sees these statements split differently
  ["SELECT 'it\\'s; DROP TABLE t'", 'destructive'],
  ['SELECT $$ a; DROP TABLE t; $$', 'destructive'],
  ['SELECT 1 // ; DROP TABLE t', 'destructive'],
  // admin
  ['USE ROLE ACCOUNTADMIN', 'admin'],
  ['USE SECONDARY ROLES ALL', 'admin'],
  ['GRANT SELECT ON ALL TABLES IN SCHEMA s TO ROLE analyst', 'admin'],
  ['REVOKE ROLE r FROM USER u', 'admin'],
  ['ALTER SESSION SET TIMEZONE = \'UTC\'', 'admin'],
  ['CREATE OR REPLACE STORAGE INTEGRATION s3 TYPE = EXTERNAL_STAGE', 'admin'],
  ['DROP DATABASE analytics', 'admin'],
];

describe('sqlRisk', () => {
  it.each(TABLE)('%s → %s (%s)', (sql, expected, dialect) => {
    expect(sqlRisk(sql, dialect).risk).toBe(expected);
  });

  it('splits statements only at top-level semicolons', () => {
    expect(sqlRisk("SELECT 'a;b'; SELECT \"c;d\"; ;; SELECT 3").statements.map((s) => s.text)).toEqual([
      "SELECT 'a;b'",
      'SELECT "c;d"',
      'SELECT 3',
    ]);
    expect(sqlRisk("SELECT 'it\\'s; DROP TABLE t'", 'snowflake').statements).toHaveLength(1);
  });

  it('treats empty input and comments alone as compute with no statements', () => {
    for (const sql of ['', '   \n', '-- nothing\n/* at all */', ';;']) expect(sqlRisk(sql)).toEqual({ risk: 'compute', statements: [] });
  });

  it('takes the maximum over an array of statements', () => {
    const parsed = sqlRisk(['SELECT 1', 'INSERT INTO t VALUES (1)', 'SELECT 2']);
    expect(parsed.risk).toBe('write');
    expect(parsed.statements.map((s) => s.kind)).toEqual(['select', 'insert', 'select']);
    expect(sqlRisk(['SELECT 1', 'GRANT ROLE r TO USER u']).risk).toBe('admin');
  });

  it('explains each statement in a sentence that names its kind', () => {
    const { statements } = sqlRisk(TABLE.filter(([, , dialect]) => !dialect).map(([sql]) => sql));
    for (const { kind, reason } of statements) {
      expect(reason.length).toBeGreaterThan(10);
      expect(reason.toLowerCase()).toContain(kind.split('_')[0]);
    }
    expect(sqlRisk('DELETE FROM customers WHERE id = 1').statements[0]).toEqual({
      text: 'DELETE FROM customers WHERE id = 1',
      kind: 'delete',
      risk: 'destructive',
      reason: 'DELETE removes rows from customers',
    });
    expect(sqlRisk('FROBNICATE t').statements[0]?.reason).toMatch(/unrecognised/i);
  });

  const destructive = TABLE.filter(([, risk, dialect]) => risk === 'destructive' && !dialect).map(([sql]) => sql);

  it('keeps a destructive statement destructive after a harmless one', () => {
    for (const sql of destructive) expect(sqlRisk(`SELECT 1;\n${sql}`).risk, sql).toBe('destructive');
  });

  it('makes any destructive statement harmless inside a string literal or a comment', () => {
    for (const sql of destructive) {
      const literal = `'${sql.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
      expect(sqlRisk(`SELECT ${literal}`).risk, sql).toBe('compute');
      expect(sqlRisk(`SELECT 1 /* ${sql.replaceAll('*/', '')} */`).risk, sql).toBe('compute');
      expect(sqlRisk(`SELECT 1 -- ${sql}`).risk, sql).toBe('compute');
    }
  });
});
