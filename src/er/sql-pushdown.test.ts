import { describe, expect, it } from 'vitest';
import { formsTableSql, pushdownDecision } from './sql-pushdown';

describe('where blocking and comparison run', () => {
  it('in the warehouse only above the threshold, and only where there is one', () => {
    expect(pushdownDecision(200_000, 200_000, true).where).toBe('run'); // at the threshold: pulled
    expect(pushdownDecision(200_001, 200_000, true)).toMatchObject({ where: 'warehouse', rows: 200_001, threshold: 200_000 });
    const sample = pushdownDecision(5_000, 1_000, false);
    expect(sample.where).toBe('run');
    expect(sample.reason).toBe('5,000 rows in the source tables, threshold 1,000, but the built-in sample project has no warehouse to push down to: compared in the run');
  });
});

describe('comparison forms as a workspace table', () => {
  it('creates it, then inserts in batches, empty forms as NULL and quotes escaped', () => {
    const rows = [['0', "o'brien", ''], ['1', 'b', 'c'], ['2', 'd', 'e']];
    const sql = [...formsTableSql('"er_forms_x"', { columns: ['rec', 'name', 'email'], rows }, 2)];
    expect(sql).toEqual([
      'CREATE OR REPLACE TABLE "er_forms_x" ("rec" VARCHAR, "name" VARCHAR, "email" VARCHAR)',
      `INSERT INTO "er_forms_x" VALUES ('0', 'o''brien', NULL),\n('1', 'b', 'c')`,
      `INSERT INTO "er_forms_x" VALUES ('2', 'd', 'e')`,
    ]);
  });

  it('makes each statement as it is taken, pulling only its rows: the whole table is never held as SQL', () => {
    let pulled = 0;
    const rows = (function* () {
      for (let i = 0; i < 5; i++, pulled++) yield [String(i), `n${i}`, ''];
    })();
    const statements = formsTableSql('"t"', { columns: ['rec', 'name', 'email'], rows }, 2);
    expect(statements.next().value).toMatch(/^CREATE/);
    expect(pulled).toBe(0);
    expect(statements.next().value).toBe(`INSERT INTO "t" VALUES ('0', 'n0', NULL),\n('1', 'n1', NULL)`);
    expect(pulled).toBeLessThanOrEqual(2);
    expect([...statements]).toHaveLength(2); // rows 2–3, then row 4
    expect([...formsTableSql('"t"', { columns: ['rec'], rows: [['0'], ['1']] }, 2)]).toHaveLength(2); // no empty INSERT after a full one
  });
});
