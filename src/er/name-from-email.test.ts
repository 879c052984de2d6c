import { describe, expect, it } from 'vitest';
import { compileMatcher } from './match';
import { familyFromEmail } from './name-from-email';
import { MATCH_INDEX, prepareRecord } from './prepare';
import { deriveProfile } from './profile';
import { DEFAULT_RULES } from './rules';

describe('familyFromEmail', () => {
  it('reads the family name an address spells next to the given name', () => {
    expect(familyFromEmail('kate', 'kate.smith@acme.com')).toBe('smith');
    expect(familyFromEmail('kate', 'smith_kate77@gmail.com')).toBe('smith');
    expect(familyFromEmail('bob', 'robert-dole@mail.com')).toBe('dole');
  });

  it('reads nothing where the address does not say it plainly', () => {
    for (const email of ['ksmith@acme.com', 'kates@acme.com', 'kate@acme.com', 'kate.a.smith@acme.com', 'mary.smith@acme.com', 'info.smith@acme.com', 'kate.john@gmail.com', 'sales@acme.com']) {
      expect(familyFromEmail('kate', email), email).toBe('');
    }
  });
});

describe('a record with a given name only', () => {
  it('is compared by the family name its address spells', () => {
    let seq = 0;
    const record = (fields: Record<string, string>) => prepareRecord({ source: 'crm', id: String(++seq), fields });
    const kate = record({ full_name: 'Kate', email: 'kate.quorvanek@acme.com', company: 'Acme' });
    const full = record({ first_name: 'Kate', last_name: 'Quorvanek', phone: '+1 415 555 0100', company: 'Acme Inc.' });
    expect(kate.match[MATCH_INDEX.last_name]).toBe('quorvanek');
    // Its display values are what the source said.
    expect(kate.values.filter((v) => v.includes('Quorvanek'))).toEqual([]);
    deriveProfile([kate, full]);
    const mask = compileMatcher(DEFAULT_RULES).match(kate, full);
    expect(DEFAULT_RULES.filter((_, i) => mask & (1 << i)).map((r) => r.id)).toContain('name_company');
  });
});
