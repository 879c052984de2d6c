import { describe, expect, it } from 'vitest';
import { prepareRecord } from './prepare';
import { createResolver } from './resolver';
import { exact } from './rules';
import { validateResolution, validationSteps } from './validate';

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

  it('in steps: pauses every few thousand rows and reports exactly what one pass does', () => {
    const records = Array.from({ length: 12_000 }, (_, i) => rec(String(i), i % 2 ? '1990-01-01' : '1991-05-05'));
    // A map with a missing row, a duplicate, an unknown row and clusters of 3 (conflicting dobs).
    const map = records.slice(1).map((r, i) => ({ source: r.source, id: r.id, entity_id: `E${Math.floor(i / 3)}` }));
    map.push({ source: 'crm', id: '5', entity_id: 'E0' }, { source: 'crm', id: 'x', entity_id: 'E0' });
    const steps = validationSteps(records, map, { maxClusterSize: 3 });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    expect(pauses).toBeGreaterThanOrEqual(4); // 12,000 records and 12,001 map rows, 5,000 per step
    expect(step.value).toEqual(validateResolution(records, map, { maxClusterSize: 3 }));
    expect(step.value).toMatchObject({ ok: false, missing: [{ source: 'crm', id: '0' }], duplicated: [{ source: 'crm', id: '5' }], unknown: [{ source: 'crm', id: 'x' }] });
    expect(step.value.conflicts.length).toBeGreaterThan(3_000);
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
