import { describe, expect, it } from 'vitest';
import { mask, piiColumns, piiKindByName } from './columns';

describe('personal-data columns', () => {
  it.each([
    ['email', 'email'], ['Email', 'email'], ['work_email', 'email'], ['E-Mail', 'email'],
    ['phone', 'phone'], ['MobilePhone', 'phone'], ['phone_number', 'phone'], ['fax', 'phone'],
    ['date_of_birth', 'date_of_birth'], ['birthDate', 'date_of_birth'], ['DOB', 'date_of_birth'],
    ['soc_sec_id', 'national_id'], ['national_id', 'national_id'], ['SSN', 'national_id'], ['passport_number', 'national_id'],
    ['IBAN', 'financial'], ['first_name', 'name'], ['LastName', 'name'], ['surname', 'name'],
    ['street', 'address'], ['postcode', 'address'], ['address_line_1', 'address'],
  ])('the column name %s announces %s', (column, kind) => expect(piiKindByName(column)).toBe(kind));

  it.each(['company', 'amount', 'customer_id', 'name_company_score', 'email_count', 'phone_type_id', 'status', 'country'])('%s is not personal by its name', (column) =>
    expect(piiKindByName(column)).toBeNull());

  it('flags columns by their values first, then by their names', () => {
    const columns = ['id', 'contact', 'reach', 'dob', 'note'];
    const rows = [
      ['1', 'ann@example.com', '+420 601 123 456', '1980-01-02', 'likes tea'],
      ['2', 'bob@example.org', '(555) 010-2030', '1975-05-06', ''],
      ['3', '', '+1 555 010 9999', '', 'called twice'],
    ];
    expect(piiColumns(columns, rows)).toEqual([
      { column: 'contact', kind: 'email', by: 'values' },
      { column: 'reach', kind: 'phone', by: 'values' },
      { column: 'dob', kind: 'date_of_birth', by: 'name' },
    ]);
    // A few addresses in a free-text column are not enough.
    expect(piiColumns(['note'], [['a@b.com'], ['hello'], ['world']])).toEqual([]);
  });

  it('masks keeping a hint only', () => {
    expect(mask('ann.smith@example.com')).toBe('a***@example.com');
    expect(mask('+420 601 123 456')).toBe('***56');
    expect(mask('Ann')).toBe('A***');
    expect(mask('  ')).toBe('');
  });
});
