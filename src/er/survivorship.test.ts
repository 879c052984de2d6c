import { describe, expect, it } from 'vitest';
import { prepareRecord } from './prepare';
import type { CanonicalField } from './schema';
import { goldenRecord } from './survivorship';

const member = (source: string, id: string, fields: Partial<Record<CanonicalField, string>>) => prepareRecord({ source, id, fields });

const members = [
  member('salesforce', 's1', { first_name: 'Rob', last_name: 'Smith', email: 'rob@old.com', phone: '555 0100', city: 'Boston', updated_at: '2023-01-01' }),
  member('hubspot', 'h1', { first_name: 'Robert', last_name: 'Smith', email: 'robert@new.com', city: 'Boston', company: 'Acme', street_number: '1', address_1: 'Main St', updated_at: '2024-06-01' }),
  member('zendesk', 'z1', { first_name: 'Robert', last_name: 'Smyth', city: 'Cambridge', updated_at: '2022-03-01' }),
];

describe('survivorship', () => {
  it('takes the most frequent value by default, with provenance', () => {
    const golden = goldenRecord('E000001', members, { default: 'most_frequent' });
    expect(golden.values.first_name).toBe('Robert');
    expect(golden.values.last_name).toBe('Smith');
    expect(golden.values.city).toBe('Boston');
    expect(golden.provenance.first_name).toEqual({ source: 'hubspot', id: 'h1' });
    expect(golden.values.full_name).toBe('Robert Smith');
    expect(golden.member_count).toBe(3);
    expect(golden.sources).toEqual(['salesforce', 'hubspot', 'zendesk']);
  });

  it('takes names spelled alike by every member from the most complete member', () => {
    const alike = [member('salesforce', 's1', { first_name: 'Ann', last_name: 'Lee' }), member('hubspot', 'h1', { first_name: 'Ann', last_name: 'Lee', city: 'Boston' }), member('zendesk', 'z1', { first_name: 'Ann', last_name: 'Lee' })];
    const golden = goldenRecord('E1', alike);
    expect([golden.values.first_name, golden.values.last_name]).toEqual(['Ann', 'Lee']);
    expect(golden.provenance.first_name).toEqual({ source: 'hubspot', id: 'h1' });
    expect(golden.provenance.last_name).toEqual({ source: 'hubspot', id: 'h1' });
  });

  it('takes the most recent non-empty value', () => {
    const golden = goldenRecord('E1', members, { default: 'most_recent' });
    expect(golden.values.email).toBe('robert@new.com');
    expect(golden.values.phone).toBe('5550100');
    expect(golden.provenance.phone).toEqual({ source: 'salesforce', id: 's1' });
    expect(golden.values.updated_at).toBe('2024-06-01');
  });

  it('takes values from the most complete member', () => {
    const golden = goldenRecord('E1', members, { default: 'most_complete' });
    expect(golden.values.first_name).toBe('Robert');
    expect(golden.values.email).toBe('robert@new.com');
    expect(golden.provenance.email).toEqual({ source: 'hubspot', id: 'h1' });
  });

  it('follows a source priority, falling back when the preferred source has no value', () => {
    const golden = goldenRecord('E1', members, { default: 'source_priority', sourcePriority: ['zendesk', 'salesforce'] });
    expect(golden.values.last_name).toBe('Smyth');
    expect(golden.values.email).toBe('rob@old.com');
    expect(golden.values.company).toBe('Acme');
  });

  it('mixes strategies per field', () => {
    const golden = goldenRecord('E1', members, { default: 'most_frequent', fields: { email: 'most_recent', city: 'source_priority' }, sourcePriority: ['zendesk'] });
    expect(golden.values.email).toBe('robert@new.com');
    expect(golden.values.city).toBe('Cambridge');
  });

  it('copies a single member as it is', () => {
    const golden = goldenRecord('E9', [members[0]!]);
    expect(golden.values.first_name).toBe('Rob');
    expect(golden.values.full_name).toBe('Rob Smith');
    expect(golden.provenance.email).toEqual({ source: 'salesforce', id: 's1' });
    expect(golden.provenance.company).toBeUndefined();
  });
});

describe('survivorship of names (issue 14)', () => {
  // The reported entity: Dan Garcia / Daniel Garcia / a HubSpot row with the fields swapped / a
  // Zendesk "Garcia Daniel" read family-name-first.
  const garcia = [
    member('salesforce', 's1', { first_name: 'Dan', last_name: 'Garcia', email: 'dan.garcia@acme.com', updated_at: '2023-01-01' }),
    member('salesforce', 's2', { first_name: 'Daniel', last_name: 'Garcia', email: 'daniel.garcia@acme.com', updated_at: '2022-01-01' }),
    // The most complete row is a swapped one: without turning it round it would decide both ties.
    member('hubspot', 'h1', { first_name: 'Garcia', last_name: 'Daniel', email: 'dgarcia@gmail.com', phone: '415 555 0100', company: 'Acme', city: 'Austin', updated_at: '2024-01-01' }),
    member('zendesk', 'z1', { first_name: 'Garcia', last_name: 'Daniel', updated_at: '2021-01-01' }),
  ];

  it('reads swapped rows the right way round before choosing each name field', () => {
    const golden = goldenRecord('E1', garcia);
    expect(golden.values.first_name).toBe('Daniel');
    expect(golden.values.last_name).toBe('Garcia');
    expect(golden.values.full_name).toBe('Daniel Garcia');
    // The spelling most rows use once turned round, taken from the most complete of them.
    expect(golden.provenance.first_name).toEqual({ source: 'hubspot', id: 'h1' });
    expect(golden.provenance.last_name).toEqual({ source: 'hubspot', id: 'h1' });
  });

  it('follows where most rows put a name when the nickname tables know neither', () => {
    const rows = [
      member('a', '1', { first_name: 'Xiomara', last_name: 'Thomas' }),
      member('b', '2', { first_name: 'Xiomara', last_name: 'Thomas', email: 'x@thomas.org' }),
      member('c', '3', { first_name: 'Thomas', last_name: 'Xiomara' }),
    ];
    const golden = goldenRecord('E2', rows);
    expect([golden.values.first_name, golden.values.last_name]).toEqual(['Xiomara', 'Thomas']);
  });

  it('counts nickname and particle variants as one name and prefers the more complete record', () => {
    const rows = [
      member('a', '1', { first_name: 'Bob', last_name: 'van den Berg', email: 'bob@x.nl', phone: '020 123 4567', company: 'X' }),
      member('b', '2', { first_name: 'Robert', last_name: 'van den Berg' }),
      member('c', '3', { first_name: 'J.', last_name: 'Berg' }),
    ];
    const golden = goldenRecord('E3', rows);
    expect(golden.values.first_name).toBe('Bob');
    expect(golden.values.last_name).toBe('van den Berg');
  });
});
