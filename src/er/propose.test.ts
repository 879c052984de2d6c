import { describe, expect, it } from 'vitest';
import { CRM_ROWS } from './fixtures/crm';
import { febrlFixture } from './fixtures/febrl';
import { pairMetrics } from './evaluate';
import { proposeRules, proposeRulesFor } from './propose';
import { createResolver } from './resolver';
import { exact, fuzzyName, jw, sameEmployer, type Rule } from './rules';
import { jaroWinkler } from './jaro-winkler';
import type { SourceRecord } from './schema';

describe('rule proposals', () => {
  it('gives each candidate rule its match count, a precision estimate and sample pairs', () => {
    const proposals = proposeRulesFor(CRM_ROWS, { prepare: { defaultCountryCode: '1' } });
    const byId = Object.fromEntries(proposals.map((p) => [p.rule.id, p]));
    expect(Object.keys(byId)).toEqual(['email', 'phone', 'name_dob', 'name_address', 'name_company', 'name_rare', 'national_id', 'evidence']);
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

  it('shows pairs that differ before pairs that are two copies of one row (issue 16)', () => {
    // Five people entered twice identically, one entered twice with a different spelling of the name.
    const copies = Array.from({ length: 5 }, (_, i) => [
      { source: 'a', id: `a${i}`, fields: { first_name: 'Ann', last_name: `Smith${'x'.repeat(i)}`, email: `ann${i}@example.com` } },
      { source: 'b', id: `b${i}`, fields: { first_name: 'Ann', last_name: `Smith${'x'.repeat(i)}`, email: `ann${i}@example.com` } },
    ]).flat();
    const typo = [
      { source: 'a', id: 'a9', fields: { first_name: 'Katherine', last_name: 'Jones', email: 'kj@example.com' } },
      { source: 'b', id: 'b9', fields: { first_name: 'Kathryn', last_name: 'Jones', email: 'kj@example.com' } },
    ];
    const email = proposeRulesFor([...copies, ...typo], {}, { samples: 2 }).find((p) => p.rule.id === 'email')!;
    expect(email.matches).toBe(6);
    expect(email.samples).toHaveLength(2);
    expect([email.samples[0]!.left.values.first_name, email.samples[0]!.right.values.first_name].sort()).toEqual(['Katherine', 'Kathryn']);
    // Then the copies fill the rest.
    expect(email.samples[1]!.left.values.first_name).toBe('Ann');
  });

  it('shows first the differing pairs nearest the rule\'s threshold, then typical ones (issue 16)', () => {
    // Same e-mail, made-up first names (no nickname or spelling table applies) from identical to
    // barely similar: the rule accepts first names at Jaro-Winkler 0.8.
    const names: [string, string][] = [['Zorvath', 'Zorvath'], ['Qelmira', 'Qelmina'], ['Brantoska', 'Brantoske'], ['Vultimer', 'Vultamer'], ['Drosk', 'Drusk'], ['Pelvanoq', 'Pelvnoqa'], ['Yxander', 'Ixandre']];
    const rows = names.flatMap(([l, r], i) => [
      { source: 'a', id: `a${i}`, fields: { first_name: l, last_name: 'Novak', email: `p${i}@example.com`, company: 'Acme' } },
      { source: 'b', id: `b${i}`, fields: { first_name: r, last_name: 'Novak', email: `p${i}@example.com`, company: 'Acme Inc' } },
    ]);
    const rule: Rule = { id: 'mail_given', label: 'e-mail and given name', when: { all: [exact('email'), jw('first_name', 0.8)] } };
    const proposal = proposeRulesFor(rows, { rules: [rule] }, { samples: 4 })[0]!;
    const similarity = (p: (typeof proposal.samples)[number]) => jaroWinkler(p.left.values.first_name!.toLowerCase(), p.right.values.first_name!.toLowerCase());
    const matched = names.map(([l, r]) => jaroWinkler(l.toLowerCase(), r.toLowerCase())).filter((x) => x >= 0.8).sort();
    expect(proposal.matches).toBe(matched.length);
    // Half the shown pairs are the two nearest the threshold, in that order; every shown pair differs.
    expect(proposal.samples.slice(0, 2).map(similarity)).toEqual(matched.slice(0, 2));
    expect(proposal.samples).toHaveLength(4);
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
    expect(proposeRules(resolver).length).toBe(8);
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

describe('rule proposals at the table\'s density (issue 14)', () => {
  // Name + employer without the distinctive-name guard: sound where names are rare, namesakes
  // where a few common names repeat across a large employer.
  const ungated: Rule = { id: 'name_employer', label: 'Name + employer', when: { all: [fuzzyName(0.9), sameEmployer] } };
  // A made-up name per number, its letters spread so that different numbers give unlike names.
  const letters = (i: number) => Array.from({ length: 5 }, (_, k) => String.fromCharCode(97 + (Math.imul(i + 1, 2654435761 + 40503 * k) >>> (7 + 3 * k)) % 26)).join('');
  const person = (i: number, first: string, last: string, email: string): SourceRecord => ({ source: 'crm', id: String(i), fields: { first_name: first, last_name: last, company: 'Stonemark Energy', email } });

  it('does not recommend a rule whose pairs are namesakes at this density, and says why', () => {
    const given = ['Jan', 'Petr', 'Pavel', 'Tomas', 'Martin'];
    const family = ['Novak', 'Svoboda', 'Dvorak', 'Cerny', 'Kral'];
    // 250 different people over 25 full names: every pair the rule matches is two people.
    const rows = Array.from({ length: 250 }, (_, i) => person(i, given[i % 5]!, family[Math.floor(i / 5) % 5]!, `p${i}@stonemark.cz`));
    const [proposal] = proposeRulesFor(rows, { rules: [ungated] });
    expect(proposal!.matches).toBeGreaterThan(100);
    expect(proposal!.estimatedPrecision).toBeLessThan(0.5);
    expect(proposal!.recommended).toBe(false);
    expect(proposal!.whyNot).toMatch(/share only a name, and at this table's name density about \d+ of them would be namesakes/);
  });

  it('recommends the same rule where the names are rare', () => {
    // 200 people with names of their own, 40 of them twice (a personal and a work address).
    const rows = Array.from({ length: 200 }, (_, i) => person(i, letters(i), letters(i + 5000), `p${i}@stonemark.cz`));
    for (let i = 0; i < 40; i++) rows.push(person(1000 + i, letters(i), letters(i + 5000), `p${i}.private@gmail.com`));
    const [proposal] = proposeRulesFor(rows, { rules: [ungated] });
    expect(proposal!.matches).toBe(40);
    expect(proposal!.estimatedPrecision).toBeGreaterThan(0.95);
    expect(proposal!.recommended).toBe(true);
    expect(proposal!.whyNot).toBeUndefined();
  });
});
