import { describe, expect, it } from 'vitest';
import { prefixAgrees } from './compare';
import { compileMatcher, validateRules } from './match';
import { prepareRecord } from './prepare';
import { DEFAULT_RULES, exact, prefix, RuleError, ruleFields, type Rule } from './rules';
import type { SourceRecord } from './schema';

const record = (fields: SourceRecord['fields'], id = String(Math.random())): ReturnType<typeof prepareRecord> =>
  prepareRecord({ source: 'crm', id, fields }, { defaultCountryCode: '1' });

/** The default rules a pair of records satisfies. */
function rulesFor(a: SourceRecord['fields'], b: SourceRecord['fields']): string[] {
  const mask = compileMatcher(DEFAULT_RULES).match(record(a), record(b));
  return DEFAULT_RULES.filter((_, i) => mask & (1 << i)).map((r) => r.id);
}

describe('prefix comparison', () => {
  it('agrees on equal values and on a long enough prefix, spaces ignored', () => {
    expect(prefixAgrees('redpeak', 'redpeak manufacturing', 4)).toBe(true);
    expect(prefixAgrees('oakpoint energy', 'oakpointenergy', 4)).toBe(true);
    expect(prefixAgrees('metropointmedia', 'metropoint', 4)).toBe(true);
    expect(prefixAgrees('ibm', 'ibm', 4)).toBe(true);
    expect(prefixAgrees('ibm', 'ibmx', 4)).toBe(false);
    expect(prefixAgrees('redworks health', 'redworks logistics', 4)).toBe(false);
    expect(prefixAgrees('', 'acme', 1)).toBe(false);
    expect(prefixAgrees('k', 'klaus', 1)).toBe(true);
  });

  it('is validated like the other methods', () => {
    expect(() => validateRules([{ id: 'p', label: 'p', when: prefix('company', 0) }])).toThrow(RuleError);
    expect(() => validateRules([{ id: 'p', label: 'p', when: prefix('company', 2), unless: { field: 'nope' as never, method: 'exact' } }])).toThrow(/unknown field "nope"/);
  });
});

describe('rule exceptions (unless)', () => {
  it('a pair the exception holds for does not match, whatever the condition says', () => {
    const rule: Rule = { id: 'company', label: 'same company', when: exact('company'), unless: exact('city') };
    const matcher = compileMatcher([rule]);
    expect(matcher.match(record({ company: 'Acme', city: 'Boston' }), record({ company: 'Acme', city: 'Austin' }))).toBe(1);
    expect(matcher.match(record({ company: 'Acme', city: 'Boston' }), record({ company: 'Acme', city: 'Boston' }))).toBe(0);
    // A missing value never agrees, so it never triggers the exception either.
    expect(matcher.match(record({ company: 'Acme' }), record({ company: 'Acme', city: 'Boston' }))).toBe(1);
    expect([...ruleFields(rule)].sort()).toEqual(['city', 'company']);
  });
});

describe('default rules on CRM contacts', () => {
  it('name + company: one company name a shortening of the other', () => {
    expect(rulesFor({ first_name: 'Thomas', last_name: 'Johnson', company: 'Redpeak Manufacturing, Inc' }, { full_name: 'Thomas Johnson', company: 'Redpeak' })).toContain('name_company');
  });

  it('name + company: a work address at a domain named like the other side\'s company', () => {
    const crm = { first_name: 'Robert', last_name: 'Stewart', email: 'robertstewart68@gmail.com', company: 'Novaline' };
    expect(rulesFor(crm, { full_name: 'Bobby Stewart', email: 'robert.stewart@novaline.com' })).toContain('name_company');
    // A free-mail domain names no employer.
    expect(rulesFor({ ...crm, company: 'Gmail' }, { full_name: 'Robert Stewart', email: 'rs@gmail.com' })).not.toContain('name_company');
  });

  it('name + company: an initial with the family name', () => {
    expect(rulesFor({ full_name: 'K. Schmidt', company: 'Harborwave' }, { first_name: 'Klaus', last_name: 'Schmidt', company: 'Harborwave GmbH' })).toContain('name_company');
  });

  it('name + company: not for namesakes with different mailboxes at one organisation', () => {
    const a = { first_name: 'Jan', last_name: 'Novák', company: 'Stonemark Energy s.r.o.', email: 'jan.novak@stonemark.cz' };
    expect(rulesFor(a, { first_name: 'Jan', last_name: 'Novak', company: 'Stonemark Energy', email: 'jan.novak2@stonemark.cz' })).toEqual([]);
    // The same address is the e-mail rule's to decide; a personal address leaves name + company.
    expect(rulesFor(a, { ...a, email: 'Jan.Novak+webinar@stonemark.cz' })).toEqual(['email']);
    expect(rulesFor(a, { ...a, email: 'jnovak67@seznam.cz' })).toEqual(['name_company']);
  });

  it('phone: a switchboard or family line needs the given name to agree', () => {
    const line = { phone: '(628) 988-2494', company: 'Harborvale' };
    expect(rulesFor({ ...line, first_name: 'Michael', last_name: 'White' }, { ...line, first_name: 'Jason', last_name: 'White' })).toEqual([]);
    expect(rulesFor({ ...line, first_name: 'Robert', last_name: 'Davis' }, { ...line, first_name: 'David', last_name: 'Walker' })).toEqual([]);
    expect(rulesFor({ ...line, first_name: 'Mike', last_name: 'White' }, { phone: '+1 628 988 2494', first_name: 'Michael', last_name: 'Whyte' })).toContain('phone');
    // One number written nationally without a country (not North American), one in E.164.
    expect(rulesFor({ full_name: 'Matt Johnson', phone: '01610 869251' }, { first_name: 'Matthew', last_name: 'Johnson', phone: '+44 1610 869251' })).toContain('phone');
  });

  it('email: placeholders are no evidence', () => {
    expect(rulesFor({ first_name: 'Zachary', last_name: 'Roberts', email: 'none@none.com' }, { first_name: 'Emily', last_name: 'Williams', email: 'none@none.com' })).toEqual([]);
  });
});
