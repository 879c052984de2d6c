import { describe, expect, it } from 'vitest';
import { prepareRecord } from './prepare';
import { createResolver } from './resolver';
import { exact } from './rules';
import { validateResolution } from './validate';

const rec = (id: string, dob: string, nationalId = '') => prepareRecord({ source: 'crm', id, fields: { first_name: 'Ann', last_name: 'Lee', email: 'ann@x.com', dob, national_id: nationalId } });

describe('validation', () => {
  it('accounts for every source row exactly once', () => {
    const records = [rec('1', '1990-01-01'), rec('2', '1990-01-01'), rec('3', '1990-01-01')];
    const report = validateResolution(records, [
      { source: 'crm', id: '1', entity_id: 'E1' },
      { source: 'crm', id: '1', entity_id: 'E2' },
      { source: 'crm', id: '9', entity_id: 'E1' },
    ]);
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([{ source: 'crm', id: '2' }, { source: 'crm', id: '3' }]);
    expect(report.duplicated).toEqual([{ source: 'crm', id: '1' }]);
    expect(report.unknown).toEqual([{ source: 'crm', id: '9' }]);
  });

  it('flags oversized clusters and conflicting hard keys', () => {
    const records = [rec('1', '1990-01-01', '111'), rec('2', '1991-05-05', '111'), rec('3', '1990-01-01', '222'), rec('4', '1990-01-01')];
    const report = validateResolution(records, records.map((r) => ({ source: r.source, id: r.id, entity_id: 'E1' })), { maxClusterSize: 3 });
    expect(report.ok).toBe(true);
    expect(report.oversized).toEqual([{ entity_id: 'E1', size: 4 }]);
    expect(report.conflicts).toEqual([
      { entity_id: 'E1', field: 'dob', values: ['1990-01-01', '1991-05-05'], rows: records.map((r) => ({ source: 'crm', id: r.id })) },
      { entity_id: 'E1', field: 'national_id', values: ['111', '222'], rows: records.slice(0, 3).map((r) => ({ source: 'crm', id: r.id })) },
    ]);
  });

  it('is part of every resolution: the resolver reports what its rules chained together', () => {
    const resolver = createResolver({ rules: [{ id: 'email', label: 'email', when: exact('email_canonical') }], validation: { maxClusterSize: 2 } });
    resolver.addRecords([
      { source: 'crm', id: '1', fields: { email: 'ann@x.com', dob: '1990-01-01' } },
      { source: 'crm', id: '2', fields: { email: 'ANN@x.com', dob: '1991-05-05' } },
      { source: 'crm', id: '3', fields: { email: 'ann@x.com' } },
      { source: 'crm', id: '3', fields: { email: 'bob@x.com' } },
    ]);
    const { validation } = resolver.run();
    expect(validation.ok).toBe(false);
    expect(validation.duplicated).toEqual([{ source: 'crm', id: '3' }]);
    expect(validation.oversized).toEqual([{ entity_id: 'E000001', size: 3 }]);
    expect(validation.conflicts).toEqual([{ entity_id: 'E000001', field: 'dob', values: ['1990-01-01', '1991-05-05'], rows: [{ source: 'crm', id: '1' }, { source: 'crm', id: '2' }] }]);
  });
});
