import { describe, expect, it } from 'vitest';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { SampleNotFoundError, SampleQueryError } from '../../src/connections/keboola/sample/errors';
import { sampleContext } from './context';

const NORMALISED = (column: string) => `lower(trim(${column}))`;

describe('sample backend: SQL in the run workspace', () => {
  it('joins two sample tables, loaded under their quoted ids', async () => {
    const backend = sampleBackend(sampleContext());
    const result = await backend.query(
      `SELECT s."Id", h.vid, ${NORMALISED('s."Email"')} AS email
         FROM "in.c-salesforce.contacts" s
         JOIN "in.c-hubspot.contacts" h ON ${NORMALISED('s."Email"')} = ${NORMALISED('h.email')}
        WHERE s."Email" <> ''
        ORDER BY s."Id"`,
      { max_rows: 10 },
    );
    expect(result.columns).toEqual(['Id', 'vid', 'email']);
    expect(result.row_count).toBeGreaterThan(100);
    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe(true);
    expect(typeof result.rows[0]![1]).toBe('number'); // vid is all digits, so it is an INTEGER column
  });

  it('types numeric columns, so comparisons and sums behave as in a Keboola workspace', async () => {
    const backend = sampleBackend(sampleContext());
    const { rows } = await backend.query(
      `SELECT typeof(amount), typeof(period), (SELECT COUNT(*) FROM "in.c-finance.allocation_drivers" WHERE driver_qty > 1000000)
         FROM "in.c-finance.gl_costs" LIMIT 1`,
      { max_rows: 1 },
    );
    // Stored as text, every driver_qty would compare greater than 1000000 (text sorts after numbers); as numbers none is.
    expect(rows[0]).toEqual(['real', 'text', 0]);
  });

  it('loads a table once per run, and again only after an import changed it', async () => {
    const ctx = sampleContext();
    const backend = sampleBackend(ctx);
    const id = 'out.c-test.people';
    await backend.importCsv(id, 'id,name\n1,Ann\n2,Bob\n', { incremental: false, primary_key: ['id'] });
    expect((await backend.query(`SELECT COUNT(*) FROM "${id}"`, { max_rows: 1 })).rows).toEqual([[2]]);

    // The run's own copy can change; storage is not re-read while it is unchanged.
    await backend.query(`DELETE FROM "${id}" WHERE id = 1`, { max_rows: 1 });
    expect((await backend.query(`SELECT COUNT(*) FROM "${id}"`, { max_rows: 1 })).rows).toEqual([[1]]);

    await backend.importCsv(id, 'id,name\n3,Cara\n', { incremental: true });
    expect((await backend.query(`SELECT id FROM "${id}" ORDER BY id`, { max_rows: 5 })).rows).toEqual([[1], [2], [3]]);

    // Another run has its own workspace and sees storage as it is.
    const other = sampleBackend(sampleContext());
    expect((await other.query(`SELECT COUNT(*) FROM "${id}"`, { max_rows: 1 })).rows).toEqual([[3]]);
  });

  it('names an unknown table and lists the existing ones', async () => {
    const error = await sampleBackend(sampleContext()).query('SELECT * FROM "in.c-salesforce.leads"', { max_rows: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SampleNotFoundError);
    expect((error as Error).message).toMatch(/Table "in.c-salesforce.leads" does not exist in the sample project\. Existing: .*in\.c-salesforce\.contacts/);
  });

  it('returns SQLite errors verbatim as query errors', async () => {
    const error = await sampleBackend(sampleContext()).query('SELEC 1', { max_rows: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SampleQueryError);
    expect((error as Error).message).toMatch(/syntax error/);
  });
});
