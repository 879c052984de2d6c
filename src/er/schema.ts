// The canonical contact schema every source is mapped onto before resolution, and the helper
// that maps a source's columns to it by name synonyms (first_name / FirstName / given_name …).

export const CANONICAL_FIELDS = [
  'first_name', 'last_name', 'full_name', 'email', 'phone', 'company', 'street_number', 'address_1', 'address_2',
  'city', 'postcode', 'state', 'country', 'dob', 'national_id', 'updated_at',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** One source row in the canonical schema; missing fields are absent, null or ''. */
export type SourceRecord = {
  source: string;
  id: string;
  fields: Partial<Record<CanonicalField, unknown>>;
};

// Keys are header names reduced to lower-case letters and digits.
const SYNONYMS: Record<CanonicalField, string[]> = {
  first_name: ['firstname', 'givenname', 'forename', 'fname', 'first', 'given', 'christianname'],
  last_name: ['lastname', 'surname', 'familyname', 'lname', 'last', 'family'],
  full_name: ['name', 'fullname', 'contactname', 'displayname', 'customername', 'personname'],
  email: ['email', 'emailaddress', 'mail', 'email1', 'primaryemail', 'emailaddr', 'workemail'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone', 'phone1', 'primaryphone', 'workphone', 'mobilenumber'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'account', 'accountname', 'employer', 'business'],
  street_number: ['streetnumber', 'housenumber', 'streetno', 'houseno', 'buildingnumber'],
  address_1: ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'addr1', 'addr', 'streetline1'],
  address_2: ['address2', 'addressline2', 'addr2', 'streetline2'],
  city: ['city', 'town', 'suburb', 'locality'],
  postcode: ['postcode', 'postalcode', 'zip', 'zipcode', 'postcodezip'],
  state: ['state', 'province', 'region', 'county', 'stateprovince', 'stateorprovince'],
  country: ['country', 'countrycode', 'nation'],
  dob: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'birthdt', 'bday'],
  national_id: ['ssn', 'socsecid', 'socialsecuritynumber', 'nationalid', 'nationalidentifier', 'taxid', 'nin', 'personalnumber'],
  updated_at: ['updatedat', 'lastmodified', 'lastmodifieddate', 'modifiedat', 'modified', 'updated', 'lastupdated', 'systemmodstamp', 'updatedate', 'lastmodifiedat'],
};
// Row keys as CRMs name them: HubSpot's contact "vid" (and "hs_object_id"), Salesforce and
// Zendesk "Id", exports' "record id" / "object id".
const ID_SYNONYMS = new Set(['id', 'recid', 'recordid', 'contactid', 'customerid', 'personid', 'userid', 'key', 'uuid', 'vid', 'canonicalvid', 'objectid', 'externalid', 'rowid']);
// Entity and context words CRMs prefix to columns ("Contact Email", "MailingStreet", "hs_phone").
const PREFIXES = ['contact', 'customer', 'person', 'user', 'mailing', 'billing', 'shipping', 'primary', 'home', 'hs', 'sf', 'zd', 'account'];

const LOOKUP: ReadonlyMap<string, CanonicalField> = new Map(
  (Object.entries(SYNONYMS) as [CanonicalField, string[]][]).flatMap(([field, names]) => [[field.replace(/_/g, ''), field] as const, ...names.map((n) => [n, field] as const)]),
);

export type ColumnMapping = {
  /** Source column → canonical field. */
  mapping: Record<string, CanonicalField>;
  /** The column that looks like the row's identifier, if any. */
  idColumn?: string;
  /** Columns with no canonical field, or whose field an earlier column already took. */
  unmapped: string[];
};

export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Maps columns by exact synonym first, then with a CRM prefix removed; first column wins a field. */
export function mapColumns(headers: readonly string[]): ColumnMapping {
  const mapping: Record<string, CanonicalField> = {};
  const taken = new Set<CanonicalField>();
  const unmapped: string[] = [];
  let idColumn: string | undefined;
  const candidates = headers.map((header) => ({ header, field: lookup(headerKey(header)) }));
  // Exact synonyms claim their field before prefixed guesses, so "email" beats "contact_email2".
  for (const pass of ['exact', 'prefixed'] as const) {
    for (const c of candidates) {
      if (!c.field || c.field.how !== pass || mapping[c.header] || taken.has(c.field.field)) continue;
      mapping[c.header] = c.field.field;
      taken.add(c.field.field);
    }
  }
  for (const { header } of candidates) {
    if (mapping[header]) continue;
    const key = headerKey(header);
    if (!idColumn && (ID_SYNONYMS.has(key) || PREFIXES.some((p) => ID_SYNONYMS.has(key.startsWith(p) ? key.slice(p.length) : '')))) idColumn = header;
    else unmapped.push(header);
  }
  return idColumn ? { mapping, idColumn, unmapped } : { mapping, unmapped };
}

function lookup(key: string): { field: CanonicalField; how: 'exact' | 'prefixed' } | undefined {
  const exact = LOOKUP.get(key);
  if (exact) return { field: exact, how: 'exact' };
  for (const prefix of PREFIXES) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue;
    const field = LOOKUP.get(key.slice(prefix.length));
    if (field) return { field, how: 'prefixed' };
  }
  return undefined;
}

/** Source rows → SourceRecords; rows without an id column are numbered from 1 in order. */
export function toSourceRecords(source: string, rows: readonly Record<string, unknown>[], columns: ColumnMapping, firstRow = 1): SourceRecord[] {
  return rows.map((row, index) => {
    const fields: Partial<Record<CanonicalField, unknown>> = {};
    for (const [column, field] of Object.entries(columns.mapping)) fields[field] = row[column];
    const id = columns.idColumn !== undefined && row[columns.idColumn] !== undefined && row[columns.idColumn] !== '' ? String(row[columns.idColumn]) : String(firstRow + index);
    return { source, id, fields };
  });
}
