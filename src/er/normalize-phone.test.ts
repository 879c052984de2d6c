import { describe, expect, it } from 'vitest';
import { phoneMatchForm } from './normalize-phone';
import { prepareRecord } from './prepare';
import { MATCH_INDEX } from './prepare';

// Issue 14: one number, one key. Every way a number is written in a CRM — international with
// "+" or "00", with the "(0)" trunk in international form, national with or without the trunk
// "0", separators, extensions — gives the same comparison key, whether the CRM's default country
// is the number's own or 1 (the normaliser's default), and, for international forms, with none.
type Case = { country: string; cc: string; key: string; international: string[]; national: string[] };

const TABLE: Case[] = [
  {
    country: 'United States', cc: '1', key: '4155550100',
    international: ['+1 415 555 0100', '+14155550100', '+1 (415) 555-0100', '001 415 555 0100'],
    national: ['(415) 555-0100', '415-555-0100', '415.555.0100', '1-415-555-0100', '4155550100', '(415) 555-0100 ext. 12', '415 555 0100 x204'],
  },
  {
    country: 'United Kingdom', cc: '44', key: '2079460958',
    international: ['+44 20 7946 0958', '+44 (0)20 7946 0958', '0044 20 7946 0958', '+442079460958', '+44(0)2079460958'],
    national: ['020 7946 0958', '020-7946-0958', '(020) 7946 0958', '02079460958'],
  },
  {
    country: 'Czech Republic', cc: '420', key: '602123456',
    international: ['+420 602 123 456', '00420 602 123 456', '+420602123456', '+420 602-123-456'],
    national: ['602 123 456', '602-123-456', '602123456', '420 602 123 456'],
  },
  {
    country: 'Germany', cc: '49', key: '3012345678',
    international: ['+49 30 12345678', '+49 (0)30 12345678', '0049 30 12345678', '+493012345678'],
    national: ['030 12345678', '030/12345678', '030-123 456 78', '(030) 1234 5678'],
  },
  {
    country: 'Netherlands', cc: '31', key: '612345678',
    international: ['+31 6 12345678', '+31 (0)6 1234 5678', '0031 6 12345678', '+31612345678'],
    national: ['06-12345678', '06 1234 5678', '0612345678'],
  },
  {
    country: 'France', cc: '33', key: '612345678',
    international: ['+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '0033 6 12 34 56 78', '+33612345678'],
    national: ['06 12 34 56 78', '06.12.34.56.78', '0612345678'],
  },
  {
    country: 'Spain', cc: '34', key: '612345678',
    international: ['+34 612 345 678', '0034 612345678', '+34612345678'],
    national: ['612 345 678', '612345678', '612-345-678'],
  },
  {
    country: 'Australia', cc: '61', key: '412345678',
    international: ['+61 412 345 678', '0061 412 345 678', '+61 (0)412 345 678'],
    national: ['0412 345 678', '0412345678', '(04) 1234 5678'],
  },
];

describe('phone keys: one canonical form per number (formats × countries)', () => {
  for (const c of TABLE) {
    it(`${c.country}: every format gives ${c.key}, with the default country ${c.cc}, 1 or none`, () => {
      for (const written of c.international) {
        for (const cc of [c.cc, '1', '44', undefined]) expect(phoneMatchForm(written, cc), `${written} (default ${cc ?? 'none'})`).toBe(c.key);
      }
      for (const written of c.national) {
        for (const cc of [c.cc, '1']) expect(phoneMatchForm(written, cc), `${written} (default ${cc})`).toBe(c.key);
      }
    });

    it(`${c.country}: the record's country places a national number whatever the source default`, () => {
      const key = (phone: string, country: string | undefined, cc: string) =>
        prepareRecord({ source: 's', id: '1', fields: { phone, country } }, { defaultCountryCode: cc }).match[MATCH_INDEX.phone];
      for (const written of [...c.national, ...c.international]) expect(key(written, c.country, '1'), written).toBe(c.key);
    });
  }

  it('gives a number that cannot be North American one key in a US-default CRM (issue 14)', () => {
    // The reported defect: "+1 (084) 659-0164" keyed 0846590164, the other two 846590164.
    for (const written of ['+1 (084) 659-0164', '(084) 659 0164', '0846590164', '084-659-0164', '1 084 659 0164']) {
      expect(phoneMatchForm(written, '1'), written).toBe('846590164');
    }
  });

  it('keeps different numbers apart and placeholders out', () => {
    expect(phoneMatchForm('+44 20 7946 0958', '1')).not.toBe(phoneMatchForm('+44 20 7946 0959', '1'));
    expect(phoneMatchForm('(415) 555-0100', '1')).not.toBe(phoneMatchForm('(415) 555-0101', '1'));
    for (const junk of ['000-000-0000', 'n/a', '-', '12345', '123-456-7890']) expect(phoneMatchForm(junk, '1'), junk).toBe('');
  });
});
