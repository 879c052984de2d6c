/**
 * Which columns of a table hold personal data, and how a value of one is shown masked. One
 * classification for the profiling skill, the redaction skill and the approval of a table write
 * (issue 16), so "PII" means the same wherever a person sees it flagged.
 */

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
// Needs a "+" or a separator: a bare digit string is counted as a number, not a phone.
export const PHONE = /^(?=(?:\D*\d){7,15}\D*$)(?:\+|00)?[\d\s().-]+$/;
export const PHONE_SHAPE = /^\+|[\s().-]/;
/** Above this share of e-mail or phone values a column is treated as personal data. */
export const PII_SHARE = 0.5;

export type PiiKind = 'email' | 'phone' | 'date_of_birth' | 'national_id' | 'financial' | 'name' | 'address';
export type PiiColumn = { column: string; kind: PiiKind; by: 'values' | 'name' };

// Column names as CRM, ERP and HR exports spell them (words split on _ . - space and camelCase).
const BY_NAME: [PiiKind, RegExp][] = [
  ['email', /^(\w+ )?(e ?mail|mail)( address)?$/],
  ['phone', /^(\w+ )?(phone|mobile|cell|tel|telephone|fax)( number| no)?$/],
  ['date_of_birth', /^(date of birth|birth ?date|birthday|dob|born( on)?)$/],
  ['national_id', /^(\w+ )?(ssn|soc sec( id)?|social security( number)?|national id|nin|personal id|passport( number)?|tax id|birth number|rodne cislo)$/],
  ['financial', /^(\w+ )?(iban|account number|card number|credit card)$/],
  ['name', /^(first|last|given|family|full|middle|sur) ?name$|^surname$/],
  ['address', /^(\w+ )?(street|address( line)?( \d)?|post ?code|zip( code)?)$/],
];

const words = (column: string) => column.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[_.\-\s]+/g, ' ').trim();

/** The kind of personal data a column name announces, if any. */
export function piiKindByName(column: string): PiiKind | null {
  const w = words(column);
  return BY_NAME.find(([, pattern]) => pattern.test(w))?.[0] ?? null;
}

export const looksLikeEmail = (value: string) => EMAIL.test(value);
// "2024-03-01" and "02.03.1980" have the digits and separators of a phone number; a date is never a phone.
const DATE_SHAPE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;
export const looksLikePhone = (value: string) => PHONE.test(value) && PHONE_SHAPE.test(value) && !DATE_SHAPE.test(value);

/** Personal-data columns of a table: by what most values look like, else by the column's name. */
export function piiColumns(columns: readonly string[], rows: readonly (readonly string[])[]): PiiColumn[] {
  return columns.flatMap((column, i): PiiColumn[] => {
    const present = rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
    const share = (test: (v: string) => boolean) => (present.length === 0 ? 0 : present.filter(test).length / present.length);
    if (share(looksLikeEmail) > PII_SHARE) return [{ column, kind: 'email', by: 'values' }];
    if (share(looksLikePhone) > PII_SHARE) return [{ column, kind: 'phone', by: 'values' }];
    const kind = piiKindByName(column);
    return kind ? [{ column, kind, by: 'name' }] : [];
  });
}

/** A value with a hint kept: first letter and e-mail domain, last two phone digits, else the first letter. */
export function mask(value: string): string {
  const v = value.trim();
  if (v === '') return v;
  const at = v.lastIndexOf('@');
  if (at > 0) return `${v[0]}***@${v.slice(at + 1)}`;
  const digits = v.replace(/\D/g, '');
  if (digits.length >= 7 && digits.length / v.replace(/\s/g, '').length > 0.6) return `***${digits.slice(-2)}`;
  return `${v[0]}***`;
}
