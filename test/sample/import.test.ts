import { describe, expect, it } from 'vitest';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { SampleImportError } from '../../src/connections/keboola/sample/errors';
import { sampleContext } from './context';

const backend = () => sampleBackend(sampleContext());

describe('sample backend: imports', () => {
  it('creates the table and its out. bucket on a first import', async () => {
    const csv = 'entity_id,email,sources\nE1,ann@acme.com,2\nE2,"bob@example.org",1\nE3,"cara, the second",3\n';
    const result = await backend().importCsv('out.c-customer-360.entities', csv, { incremental: false, primary_key: ['entity_id'] });
    expect(result).toEqual({ table_id: 'out.c-customer-360.entities', rows: 3, created: true });

    const buckets = await backend().listBuckets();
    expect(buckets).toContainEqual({ id: 'out.c-customer-360', name: 'c-customer-360', stage: 'out' });
    expect(await backend().tableDetail('out.c-customer-360.entities')).toMatchObject({
      bucket: 'out.c-customer-360', name: 'entities', columns: ['entity_id', 'email', 'sources'], primary_key: ['entity_id'], rows_count: 3,
    });
    expect(await backend().exportCsv('out.c-customer-360.entities')).toBe('entity_id,email,sources\nE1,ann@acme.com,2\nE2,bob@example.org,1\nE3,"cara, the second",3\n');
    expect((await backend().listTables('out.c-customer-360')).map((t) => t.id)).toEqual(['out.c-customer-360.entities']);
  });

  it('replaces the data on a second full import (keeping the primary key, taking the new columns)', async () => {
    const before = await backend().tableDetail('out.c-customer-360.entities');
    const result = await backend().importCsv('out.c-customer-360.entities', 'entity_id,email\nE9,zed@acme.com\nE9,zed.new@acme.com\n', { incremental: false });
    expect(result).toEqual({ table_id: 'out.c-customer-360.entities', rows: 2, created: false });
    const after = await backend().tableDetail('out.c-customer-360.entities');
    // Two rows with the same key collapse to the last one, as a load into a keyed Keboola table does.
    expect(after).toMatchObject({ columns: ['entity_id', 'email'], primary_key: ['entity_id'], rows_count: 1 });
    expect(after.last_import_date! >= before.last_import_date!).toBe(true);
    expect(await backend().exportCsv('out.c-customer-360.entities')).toBe('entity_id,email\nE9,zed.new@acme.com\n');
  });

  it('upserts by primary key on an incremental import', async () => {
    const id = 'out.c-customer-360.xref';
    await backend().importCsv(id, 'source,row_id,entity_id\nsf,1,E1\nsf,2,E2\nhs,1,E1\n', { incremental: false, primary_key: ['source', 'row_id'] });
    const result = await backend().importCsv(id, 'row_id,source,entity_id\n2,sf,E7\n9,zd,E3\n', { incremental: true });
    expect(result).toEqual({ table_id: id, rows: 2, created: false });
    // The matching key is replaced in place, the new key appended; columns keep the table's order.
    expect(await backend().exportCsv(id)).toBe('source,row_id,entity_id\nsf,1,E1\nsf,2,E7\nhs,1,E1\nzd,9,E3\n');
    expect((await backend().tableDetail(id)).rows_count).toBe(4);
  });

  it('appends on an incremental import into a table without a primary key, filling left-out columns', async () => {
    const id = 'out.c-audit.log';
    await backend().importCsv(id, 'at,event,detail\n1,start,a\n', { incremental: false });
    await backend().importCsv(id, 'event,at\nstart,1\nstop,2\n', { incremental: true });
    expect(await backend().exportCsv(id)).toBe('at,event,detail\n1,start,a\n1,start,\n2,stop,\n');
  });

  it('creates a table on an incremental import when it does not exist yet', async () => {
    const result = await backend().importCsv('out.c-audit.first', 'a,b\n1,2\n', { incremental: true, primary_key: ['a'] });
    expect(result.created).toBe(true);
    expect((await backend().tableDetail('out.c-audit.first')).primary_key).toEqual(['a']);
  });

  it('refuses bad imports clearly and writes nothing', async () => {
    const id = 'out.c-customer-360.xref';
    const before = await backend().exportCsv(id);
    const refusals: [string, string, { incremental: boolean; primary_key?: string[] }, RegExp][] = [
      [id, 'source,row_id,entity_id,score\nsf,1,E1,0.9\n', { incremental: true }, /columns score are not in the table/],
      [id, 'source,row_id,entity_id\nsf,1,E1\n', { incremental: false, primary_key: ['entity_id'] }, /primary key is \[source, row_id\]; the import asks for \[entity_id\]/],
      [id, 'source,entity_id\nsf,E1\n', { incremental: false }, /primary key column\(s\) row_id are not in the CSV/],
      [id, 'source,row_id,entity_id\nsf,1\n', { incremental: true }, /row 2 has 2 fields; the header has 3/],
      [id, 'source,row id,entity_id\nsf,1,E1\n', { incremental: false }, /only letters, digits and _.*"row id"/],
      [id, '', { incremental: false }, /no header row/],
      ['out.customer.xref', 'a\n1\n', { incremental: false }, /a table id looks like/],
    ];
    for (const [table, csv, options, message] of refusals) {
      const error = await backend().importCsv(table, csv, options).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(SampleImportError);
      expect((error as Error).message).toMatch(message);
    }
    expect(await backend().exportCsv(id)).toBe(before);
  });
});
