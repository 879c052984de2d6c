import { describe, expect, it } from 'vitest';
import { addressMatchForm, cleanPostcode, companyMatchForm, postcodeMatchForm } from './normalize-address';
import { dateMatchForm, normaliseDate } from './normalize-date';
import { canonicalEmail, emailOrganisation, isPlaceholderEmail, normaliseEmail } from './normalize-email';
import { cleanName, givenNameMatchForm, nameMatchForm, splitFullName } from './normalize-name';
import { isPlaceholderPhone, nationalNumber, phoneDigits, phoneMatchForm, toE164 } from './normalize-phone';
import { countryMatchForm, regionMatchForm } from './normalize-region';
import { prepareRecord, matchRow, valueRow } from './prepare';
import { soundex } from './phonetic';
import { foldAccents, matchText } from './text';

describe('names', () => {
  it('folds case, accents, whitespace and punctuation', () => {
    expect(nameMatchForm('  José   MARÍA ')).toBe('jose maria');
    expect(nameMatchForm("O'Brien-Smith")).toBe('obrien smith');
    expect(foldAccents('Ærøskøbing Łódź straße')).toBe('AEroskobing Lodz strasse');
  });

  it('drops titles and suffixes', () => {
    expect(nameMatchForm('Dr. John Smith Jr.')).toBe('john smith');
    expect(nameMatchForm('Mrs Jane Roe III')).toBe('jane roe');
  });

  it('maps common diminutives to the formal given name', () => {
    expect(givenNameMatchForm('Bob')).toBe('robert');
    expect(givenNameMatchForm('bill')).toBe('william');
    expect(givenNameMatchForm('Liz')).toBe('elizabeth');
    expect(givenNameMatchForm('Peggy')).toBe('margaret');
    expect(givenNameMatchForm('Robert')).toBe('robert');
    expect(givenNameMatchForm('Zebedee')).toBe('zebedee');
  });

  it('knows the everyday forms of Czech, German, Dutch and Romance given names', () => {
    expect(givenNameMatchForm('Jirka')).toBe(givenNameMatchForm('Jiří'));
    expect(givenNameMatchForm('Kuba')).toBe('jakub');
    expect(givenNameMatchForm('Verča')).toBe('veronika');
    expect(givenNameMatchForm('Hannes')).toBe('johannes');
    expect(givenNameMatchForm('Wim')).toBe('willem');
    expect(givenNameMatchForm('Paco')).toBe('francisco');
    // Followed to the end: "honza" lands where "jan" itself does.
    expect(givenNameMatchForm('Honza')).toBe(givenNameMatchForm('Jan'));
  });

  it('cleans display names, keeping intentional mixed case', () => {
    expect(cleanName('  mary-ann   o\'brien ')).toBe("Mary-Ann O'Brien");
    expect(cleanName('JOHN SMITH')).toBe('John Smith');
    expect(cleanName('Ronald McDonald')).toBe('Ronald McDonald');
  });

  it('splits full names in both orders', () => {
    expect(splitFullName('Smith, John A.')).toEqual({ first: 'John', last: 'Smith' });
    expect(splitFullName('Dr John A. Smith')).toEqual({ first: 'John', last: 'Smith' });
    expect(splitFullName('Cher')).toEqual({ first: 'Cher', last: '' });
  });

  it('keeps a particle with the family name', () => {
    expect(splitFullName('Jan de Jong')).toEqual({ first: 'Jan', last: 'de Jong' });
    expect(splitFullName('Sander van den Berg')).toEqual({ first: 'Sander', last: 'van den Berg' });
    expect(splitFullName('M. de Vries')).toEqual({ first: 'M.', last: 'de Vries' });
    expect(splitFullName('JAN DE JONG')).toEqual({ first: 'JAN', last: 'DE JONG' });
    expect(splitFullName('de Jong, Jan')).toEqual({ first: 'Jan', last: 'de Jong' });
    // A particle-like last token is the family name itself.
    expect(splitFullName('Anna Van')).toEqual({ first: 'Anna', last: 'Van' });
  });

  it('computes American Soundex', () => {
    expect(soundex('robert')).toBe('R163');
    expect(soundex('rupert')).toBe('R163');
    expect(soundex('ashcraft')).toBe('A261');
    expect(soundex('tymczak')).toBe('T522');
    expect(soundex('pfister')).toBe('P236');
    expect(soundex('lee')).toBe('L000');
    expect(soundex('')).toBe('');
  });
});

describe('emails', () => {
  it('lower-cases and trims, rejecting non-addresses', () => {
    expect(normaliseEmail('  John.Doe@Example.COM ')).toBe('john.doe@example.com');
    expect(normaliseEmail('John Doe <JD@x.org>')).toBe('jd@x.org');
    expect(normaliseEmail('mailto:a@b.co')).toBe('a@b.co');
    expect(normaliseEmail('not an email')).toBe('');
    expect(normaliseEmail(42)).toBe('');
  });

  it('canonicalises Gmail dots and plus-addressing separately', () => {
    expect(canonicalEmail('J.O.H.N+crm@GoogleMail.com')).toBe('john@gmail.com');
    expect(canonicalEmail('jane.roe+news@acme.com')).toBe('jane.roe@acme.com');
    expect(normaliseEmail('jane.roe+news@acme.com')).toBe('jane.roe+news@acme.com');
  });

  it('never matches on placeholder addresses', () => {
    for (const placeholder of ['noemail@example.com', 'none@none.com', 'na@test.com', 'No.Email@acme.com', 'do-not-reply@x.org', 'none+1@acme.com']) {
      expect(isPlaceholderEmail(normaliseEmail(placeholder)), placeholder).toBe(true);
      expect(canonicalEmail(placeholder), placeholder).toBe('');
    }
    expect(isPlaceholderEmail('nonna@acme.com')).toBe(false);
    expect(canonicalEmail('anna@example.com')).toBe('anna@example.com');
  });

  it('names the organisation of a work address, not of a mail provider', () => {
    expect(emailOrganisation('j.doe@oakpointenergy.com.au')).toBe('oakpointenergy');
    expect(emailOrganisation('marys@novabridge.co.uk')).toBe('novabridge');
    expect(emailOrganisation('jiri@mail.stonemark.cz')).toBe('stonemark');
    expect(emailOrganisation('ops@blue-core.de')).toBe('bluecore');
    for (const consumer of ['a@gmail.com', 'a@yahoo.co.uk', 'a@hotmail.de', 'a@seznam.cz', 'a@t-online.de', 'a@bigpond.com', 'a@icloud.com', 'none@acme.com', 'not an email']) {
      expect(emailOrganisation(consumer), consumer).toBe('');
    }
  });
});

describe('phones', () => {
  it('keeps digits only, without extensions', () => {
    expect(phoneDigits('(415) 555-0100 ext. 12')).toBe('4155550100');
    expect(phoneDigits('+44 20 7946 0958')).toBe('442079460958');
  });

  it('formats E.164 from explicit prefixes or a default country code', () => {
    expect(toE164('+44 (0)20 7946 0958'.replace('(0)', ''))).toBe('+442079460958');
    expect(toE164('0044 20 7946 0958')).toBe('+442079460958');
    expect(toE164('(415) 555-0100', '1')).toBe('+14155550100');
    expect(toE164('1-415-555-0100', '1')).toBe('+14155550100');
    expect(toE164('011 44 20 7946 0958', '1')).toBe('+442079460958');
    expect(toE164('020 7946 0958', '44')).toBe('+442079460958');
    expect(toE164('0412 345 678', '61')).toBe('+61412345678');
    expect(toE164('61412345678', '61')).toBe('+61412345678');
  });

  it('refuses numbers it cannot place or that are impossible', () => {
    expect(toE164('415 555 0100')).toBe('');
    expect(toE164('+1234567890123456')).toBe('');
    expect(toE164('12', '1')).toBe('');
    expect(toE164('000-000-0000', '1')).toBe('');
  });

  it('gives no national number +1 unless it can be North American', () => {
    // A trunk "0" or a 9-digit European number typed into a US-default CRM.
    expect(toE164('0309 473766', '1')).toBe('');
    expect(toE164('227 960 628', '1')).toBe('');
    expect(toE164('(123) 555-0100', '1')).toBe('');
    expect(toE164('(415) 155-0100', '1')).toBe('');
    expect(toE164('+1 0309 473766')).toBe('+10309473766');
  });

  it('treats placeholder numbers as missing', () => {
    for (const digits of ['0000000000', '9999999', '1234567890', '0123456789', '9876543210']) expect(isPlaceholderPhone(digits), digits).toBe(true);
    expect(isPlaceholderPhone('4155550100')).toBe(false);
    expect(phoneMatchForm('000-000-0000')).toBe('');
  });

  it('compares the national number, however the country was written or whether it was known', () => {
    expect(nationalNumber('+442079460958')).toBe('2079460958');
    expect(nationalNumber('+14155550100')).toBe('4155550100');
    expect(nationalNumber('+420602123456')).toBe('602123456');
    const forms = ['+44 20 7946 0958', '0044 20 7946 0958', '020 7946 0958'].map((p) => phoneMatchForm(p, '44'));
    expect(new Set([...forms, phoneMatchForm('020 7946 0958'), phoneMatchForm('020 7946 0958', '1')])).toEqual(new Set(['2079460958']));
    expect(phoneMatchForm('415 555 0100')).toBe('4155550100');
    expect(phoneMatchForm('415 555 0100', '1')).toBe('4155550100');
    expect(phoneMatchForm('+420 602 123 456')).toBe(phoneMatchForm('602 123 456', '1'));
    expect(phoneMatchForm('12345')).toBe('');
  });
});

describe('dates', () => {
  it.each([
    ['1985-03-12', '1985-03-12'],
    ['19850312', '1985-03-12'],
    ['1985/3/12', '1985-03-12'],
    ['2021-03-04T10:00:00Z', '2021-03-04'],
    ['12/03/1985', '1985-12-03'],
    ['13/03/1985', '1985-03-13'],
    ['03/13/1985', '1985-03-13'],
    ['12.03.85', '1985-12-03'],
    ['12 Mar 1985', '1985-03-12'],
    ['12th of March 1985', '1985-03-12'],
    ['March 12, 1985', '1985-03-12'],
    ['Sept 1 2001', '2001-09-01'],
    ['1/2/05', '2005-01-02'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it('reads ambiguous day/month by the configured order', () => {
    expect(normaliseDate('03/04/2020', { order: 'dmy' })).toBe('2020-04-03');
    expect(normaliseDate('03/04/2020', { order: 'mdy' })).toBe('2020-03-04');
  });

  it('rejects impossible dates but keeps their shape for comparison', () => {
    expect(normaliseDate('2021-02-29')).toBe('');
    expect(normaliseDate('2020-02-29')).toBe('2020-02-29');
    expect(normaliseDate('19319924')).toBe('');
    expect(dateMatchForm('19319924')).toBe('1931-99-24');
    expect(normaliseDate('Mayor 3 1990')).toBe('');
    expect(normaliseDate('')).toBe('');
  });
});

describe('places and companies', () => {
  it('normalises postcodes', () => {
    expect(cleanPostcode(' sw1a  1aa ')).toBe('SW1A 1AA');
    expect(postcodeMatchForm('sw1a 1aa')).toBe('SW1A1AA');
    expect(postcodeMatchForm('12345-6789')).toBe('12345');
    expect(postcodeMatchForm('0800')).toBe('0800');
  });

  it('expands street abbreviations, telling street from saint', () => {
    expect(addressMatchForm('12 Main St., Apt 4')).toBe('12 main street apartment 4');
    expect(addressMatchForm('12 St Kilda Rd')).toBe('12 saint kilda road');
    expect(addressMatchForm('Wallaby Pl')).toBe('wallaby place');
    expect(addressMatchForm('Harbour View Terrace')).toBe('harbour view terrace');
    expect(addressMatchForm('3 Main St St Kilda')).toBe('3 main street street kilda');
    // A word that names an object's own property is an ordinary word, not an abbreviation.
    expect(addressMatchForm('1 Constructor St')).toBe('1 constructor street');
  });

  it('drops legal forms from company names', () => {
    expect(companyMatchForm('The Acme Co., Inc.')).toBe('acme');
    expect(companyMatchForm('ACME Corporation')).toBe('acme');
    expect(companyMatchForm('Smith & Sons Pty Ltd')).toBe('smith and sons');
  });

  it('maps states and countries to codes', () => {
    expect(regionMatchForm('California')).toBe('ca');
    expect(regionMatchForm('New South Wales')).toBe('nsw');
    expect(regionMatchForm('nsw')).toBe('nsw');
    expect(countryMatchForm('United States of America')).toBe('us');
    expect(countryMatchForm('U.K.')).toBe('u k');
    expect(countryMatchForm('UK')).toBe('gb');
    expect(countryMatchForm('Česká republika')).toBe('cz');
    expect(regionMatchForm('Constructor')).toBe('constructor');
    expect(countryMatchForm('constructor')).toBe('constructor');
  });

  it('reduces free text to letters, digits and single spaces', () => {
    expect(matchText('  Hello,   World!! ')).toBe('hello world');
    expect(matchText(null)).toBe('');
    expect(matchText(12)).toBe('12');
  });
});

describe('prepared records', () => {
  it('cleans values and builds comparison forms', () => {
    const record = prepareRecord(
      { source: 'crm', id: '1', fields: { full_name: 'Dr. Robert  SMITH', email: 'Bob.Smith+x@Gmail.com', phone: '(415) 555-0100', dob: '03/04/1980', street_number: '12', address_1: 'Main St', postcode: '94105-1234', state: 'California', national_id: '123-45-6789', updated_at: '2024-05-01T10:00:00Z' } },
      { defaultCountryCode: '1' },
    );
    expect(valueRow(record)).toMatchObject({ first_name: 'Robert', last_name: 'Smith', full_name: 'Dr. Robert SMITH', email: 'bob.smith+x@gmail.com', phone: '+14155550100', dob: '1980-03-04', updated_at: '2024-05-01T10:00:00.000Z' });
    expect(matchRow(record)).toMatchObject({ first_name: 'robert', last_name: 'smith', email_canonical: 'bobsmith@gmail.com', email_org: '', phone: '4155550100', address: '12 main street', postcode: '94105', state: 'ca', dob: '1980-03-04', national_id: '123456789' });
  });

  it('places a national phone number in the record\'s country before the default one', () => {
    const prepared = (fields: Record<string, string>) => prepareRecord({ source: 'crm', id: '1', fields }, { defaultCountryCode: '1' });
    expect(valueRow(prepared({ phone: '0309 473766', country: 'Netherlands' })).phone).toBe('+31309473766');
    expect(valueRow(prepared({ phone: '227 960 628', country: 'Czech Republic' })).phone).toBe('+420227960628');
    expect(valueRow(prepared({ phone: '(212) 592-8480', country: 'USA' })).phone).toBe('+12125928480');
    // No country and not a North American number: digits, not a wrong +1.
    expect(valueRow(prepared({ phone: '0309 473766' })).phone).toBe('0309473766');
    expect(matchRow(prepared({ phone: '0309 473766' })).phone).toBe(matchRow(prepared({ phone: '+31 30 947 3766' })).phone);
    expect(valueRow(prepared({ phone: '000-000-0000' })).phone).toBe('');
    expect(matchRow(prepared({ email: 'Ann.Lee@Greenworks.nl' })).email_org).toBe('greenworks');
  });
});
