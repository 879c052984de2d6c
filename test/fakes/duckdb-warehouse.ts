import { DuckDBInstance, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { soundex } from '../../src/er/phonetic';
import type { Warehouse } from './duckdb-attached';

/**
 * DuckDB standing in for a project's Snowflake workspace behind the Query Service fake
 * (keboola-services.ts): a test attaches one to a fake project (duckdb-attached.ts), loads tables, and the fake then
 * runs submitted SQL here instead of answering from its canned tables.
 *
 * The translation layer lives only here — a real workspace needs none. It is the Snowflake
 * functions the ER pushdown SQL (src/er/sql-snowflake.ts, sql-blocking.ts) calls and DuckDB
 * names differently, each defined under its Snowflake name with Snowflake's semantics:
 *
 *   JAROWINKLER_SIMILARITY(a, b) → floor(jaro_winkler_similarity(a, b) * 100)  (Snowflake: integer 0–100, truncated)
 *   EDITDISTANCE(a, b)           → levenshtein(a, b)
 *   ARRAY_DISTINCT / ARRAY_SIZE   → list_distinct / len
 *   ARRAY_INTERSECTION(x, y)     → the elements of x that y contains  (equal to Snowflake's multiset
 *                                  intersection for the distinct arrays the SQL passes; about 4× faster
 *                                  than list_intersect)
 *   TRY_TO_DATE(x, 'YYYY-MM-DD') → try_strptime(x, '%Y-%m-%d')::DATE  (the only format the SQL uses)
 *   REGEXP_LIKE(x, p)            → regexp_full_match(x, p)  (Snowflake's REGEXP_LIKE is anchored)
 *   SOUNDEX(x)                   → a UDF running src/er/phonetic.ts (DuckDB has none; American
 *                                  Soundex as Snowflake documents it — this is assumed, not tested).
 *                                  Faster than a SQL macro: 2 M calls take about 3.5 s, a
 *                                  regexp_replace macro about 24 s (docs/er-quality.md "Pushdown").
 *
 * SPLIT, DATEDIFF, SUBSTR, LEFT, CHR, LEAST, GREATEST, TRANSLATE, TRY_CAST and window functions
 * are the same in both.
 */
const MACROS = [
  'CREATE MACRO jarowinkler_similarity(a, b) AS floor(jaro_winkler_similarity(a, b) * 100)',
  'CREATE MACRO editdistance(a, b) AS levenshtein(a, b)',
  'CREATE MACRO array_distinct(x) AS list_distinct(x)',
  'CREATE MACRO array_intersection(x, y) AS list_filter(x, lambda e: list_contains(y, e))',
  'CREATE MACRO array_size(x) AS len(x)',
  "CREATE MACRO try_to_date(x, format) AS try_strptime(x, '%Y-%m-%d')::DATE",
  'CREATE MACRO regexp_like(x, p) AS regexp_full_match(x, p)',
];

const MEMORY_LIMIT = '4GB';

export class DuckDbWarehouse implements Warehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly spillDir: string,
  ) {}

  static async create(): Promise<DuckDbWarehouse> {
    // The machine is shared: DuckDB would take up to 80 % of its memory; past the limit it spills
    // to a directory of its own (a 1,000,000-row pushdown spills about 1 GB), removed by close().
    const spillDir = mkdtempSync(join(tmpdir(), 'duckdb-warehouse-'));
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: MEMORY_LIMIT, temp_directory: spillDir });
    const connection = await instance.connect();
    for (const sql of MACROS) await connection.run(sql);
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name: 'soundex',
        returnType: VARCHAR,
        parameterTypes: [VARCHAR],
        mainFunction: (_info, input, output) => {
          input.getColumnValues(0).forEach((value, i) => output.setItem(i, typeof value === 'string' ? soundex(value) : null));
          output.flush();
        },
      }),
    );
    return new DuckDbWarehouse(instance, connection, spillDir);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.spillDir, { recursive: true, force: true });
  }

  /** A Storage table as the workspace sees it: `"<bucket>"."<table>"`, every column text. */
  async loadCsv(bucket: string, table: string, csvPath: string): Promise<void> {
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS "${bucket}"`);
    await this.connection.run(`CREATE OR REPLACE TABLE "${bucket}"."${table}" AS SELECT * FROM read_csv('${csvPath}', header = true, all_varchar = true)`);
  }

  /** Numbers as JSON numbers, as the Query Service returns them. */
  async run(sql: string): Promise<{ columns: string[]; rows: unknown[][] }> {
    const reader = await this.connection.runAndReadAll(sql);
    const rows = reader.getRowsJS().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    return { columns: reader.columnNames(), rows };
  }
}
