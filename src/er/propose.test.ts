import { describe, expect, it } from 'vitest';
import { CRM_ROWS } from './fixtures/crm';
import { febrlFixture } from './fixtures/febrl';
import { pairMetrics } from './evaluate';
import { proposeRules, proposeRulesFor } from './propose';
import { createResolver } from './resolver';

describe('rule proposals', () => {
  it('gives each candidate rule its match count, a precision estimate and sample pairs', () => {
    const proposals = proposeRulesFor(CRM_ROWS, { prepare: { defaultCountryCode: '1' } });
    const byId = Object.fromEntries(proposals.map((p) => [p.rule.id, p]));
    expect(Object.keys(byId)).toEqual(['email', 'phone', 'name_dob', 'name_address', 'name_company', 'national_id', 'evidence']);
    expect(byId.email!.matches).toBeGreaterThanOrEqual(5);
    expect(byId.email!.samples.length).toBeGreaterThan(0);
    expect(byId.email!.samples[0]!.rules).toContain('email');
    expect(byId.email!.samples[0]!.left.values.email).toBeDefined();
    expect(byId.email!.evidence.groups).not.toContain('email');
    expect(byId.phone!.matches).toBeGreaterThan(0);
    expect(byId.national_id!.applicable).toBe(false);
    expect(byId.national_id!.matches).toBe(0);
    for (const p of proposals) {
      if (p.estimatedPrecision !== null) {
        expect(p.estimatedPrecision).toBeGreaterThanOrEqual(0);
        expect(p.estimatedPrecision).toBeLessThanOrEqual(1);
      }
      expect(p.samples.length).toBeLessThanOrEqual(5);
    }
  });

  it('estimates high precision for sound rules on Febrl data, and marks inapplicable ones', () => {
    const proposals = proposeRulesFor(febrlFixture().records);
    const byId = Object.fromEntries(proposals.map((p) => [p.rule.id, p]));
    expect(byId.email!.applicable).toBe(false);
    expect(byId.name_dob!.applicable).toBe(true);
    expect(byId.name_dob!.matches).toBeGreaterThan(50);
    expect(byId.name_dob!.estimatedPrecision).toBeGreaterThan(0.8);
    expect(byId.name_dob!.records).toBeGreaterThan(100);
  });

  it('resolves the CRM sample: every seeded duplicate group found, near-misses kept apart', () => {
    const resolver = createResolver({ prepare: { defaultCountryCode: '1' } });
    resolver.addRecords(CRM_ROWS);
    while (!resolver.stepBlocking().done);
    while (!resolver.stepComparisons().done);
    expect(proposeRules(resolver).length).toBe(7);
    const resolution = resolver.finish();
    const truth = new Map(CRM_ROWS.map((r) => [`${r.source}/${r.id}`, r.truth]));
    const m = pairMetrics(resolution.clusterMap.map((row) => ({ entity: row.entity_id, truth: truth.get(`${row.source}/${row.id}`)!, source: row.source })), 'dedup');
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(1);
    // Default survivorship: most frequent name (two sources say Bob), most recent contact details.
    const robert = resolution.golden.find((g) => g.member_count === 3 && g.values.last_name === 'Smith')!;
    expect(robert.values).toMatchObject({ first_name: 'Bob', email: 'robert.smith+news@gmail.com', phone: '+14155550100', company: 'ACME' });
  });
});
