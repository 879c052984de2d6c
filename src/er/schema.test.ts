import { describe, expect, it } from 'vitest';
import { mapColumns, toSourceRecords } from './schema';

describe('schema mapping', () => {
  it('maps column names by synonym, whatever their case or separators', () => {
    const { mapping, idColumn, unmapped } = mapColumns(['Id', 'FirstName', 'last_name', 'E-mail Address', 'Mobile Phone', 'Account Name', 'MailingStreet', 'MailingCity', 'Zip', 'Date of Birth', 'LastModifiedDate', 'Favourite colour']);
    expect(mapping).toEqual({
      FirstName: 'first_name',
      last_name: 'last_name',
      'E-mail Address': 'email',
      'Mobile Phone': 'phone',
      'Account Name': 'company',
      MailingStreet: 'address_1',
      MailingCity: 'city',
      Zip: 'postcode',
      'Date of Birth': 'dob',
      LastModifiedDate: 'updated_at',
    });
    expect(idColumn).toBe('Id');
    expect(unmapped).toEqual(['Favourite colour']);
  });

  it('maps the Febrl columns', () => {
    const { mapping, idColumn } = mapColumns(['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id']);
    expect(idColumn).toBe('rec_id');
    expect(Object.values(mapping)).toEqual(['first_name', 'last_name', 'street_number', 'address_1', 'address_2', 'city', 'postcode', 'state', 'dob', 'national_id']);
  });

  it('takes the row key by name from the exports CRMs produce, HubSpot\'s "vid" included (issue 14)', () => {
    expect(mapColumns(['vid', 'firstname', 'lastname', 'email', 'phone', 'company']).idColumn).toBe('vid');
    expect(mapColumns(['hs_object_id', 'firstname', 'email']).idColumn).toBe('hs_object_id');
    expect(mapColumns(['id', 'name', 'email', 'organization']).idColumn).toBe('id');
    expect(mapColumns(['Id', 'FirstName', 'LastName', 'AccountName']).idColumn).toBe('Id');
  });

  it('lets an exact synonym win over a prefixed one and leaves the loser unmapped', () => {
    const { mapping, unmapped } = mapColumns(['contact_email', 'email', 'given_name', 'firstname']);
    expect(mapping).toEqual({ email: 'email', given_name: 'first_name' });
    expect(unmapped).toEqual(['contact_email', 'firstname']);
  });

  it('builds source records, numbering rows without an id column', () => {
    const columns = mapColumns(['First Name', 'Email']);
    expect(toSourceRecords('hubspot', [{ 'First Name': 'Ann', Email: 'a@b.co' }], columns)).toEqual([{ source: 'hubspot', id: '1', fields: { first_name: 'Ann', email: 'a@b.co' } }]);
  });
});
