// Street addresses, postcodes and company names: comparison forms that remove the spelling
// differences sources make for the same place or organisation.
import { asText, collapseWhitespace, matchText } from './text';

// USPS / Australia Post street-type abbreviations; both spellings occur across CRMs. A Map, not
// an object: every address token is looked up, and an object would also answer "constructor".
const STREET_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  rd: 'road', ave: 'avenue', av: 'avenue', blvd: 'boulevard', dr: 'drive', ln: 'lane', pl: 'place',
  cres: 'crescent', cr: 'crescent', ct: 'court', crt: 'court', cct: 'circuit', cir: 'circle', hwy: 'highway',
  pde: 'parade', tce: 'terrace', ter: 'terrace', sq: 'square', pkwy: 'parkway', cl: 'close', gr: 'grove',
  esp: 'esplanade', wy: 'way', mt: 'mount', apt: 'apartment', ste: 'suite', fl: 'floor', bldg: 'building',
  n: 'north', s: 'south', e: 'east', w: 'west', ne: 'northeast', nw: 'northwest', se: 'southeast', sw: 'southwest',
}));
const UNIT_WORDS = new Set(['apartment', 'apt', 'unit', 'suite', 'ste', 'floor', 'fl', 'building', 'bldg', 'po', 'box']);

/** The longest abbreviation: longer tokens need no lookup. */
const LONGEST_TYPE = Math.max(...[...STREET_TYPES.keys()].map((k) => k.length));

/** "12 Main St., Apt 4" → "12 main street apartment 4". */
export function addressMatchForm(value: unknown): string {
  // A comparison form is single-spaced with no empty tokens. Every record has three addresses,
  // most with nothing to expand: found by looking up only their short tokens, in place.
  const form = matchText(value);
  for (let start = 0; start < form.length; ) {
    let end = form.indexOf(' ', start);
    if (end < 0) end = form.length;
    if (end - start <= LONGEST_TYPE) {
      const token = form.slice(start, end);
      if (token === 'st' || STREET_TYPES.has(token)) return expand(form);
    }
    start = end + 1;
  }
  return form;
}

function expand(form: string): string {
  const tokens = form.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // Expanding in place is safe for "st": its neighbours' tests give the same answer either way.
    const long = token === 'st' ? saintOrStreet(tokens[i - 1], tokens[i + 1]) : STREET_TYPES.get(token);
    if (long !== undefined) tokens[i] = long;
  }
  return tokens.join(' ');
}

/** "St" is "street" after a name ("main st") but "saint" before one ("st kilda road"). */
function saintOrStreet(prev: string | undefined, next: string | undefined): string {
  const beforeName = next !== undefined && /^\p{L}/u.test(next) && !UNIT_WORDS.has(next) && !STREET_TYPES.has(next);
  return beforeName && (prev === undefined || /^\d/.test(prev)) ? 'saint' : 'street';
}

/** Display form of a postcode: upper-case, single spaces. */
export function cleanPostcode(value: unknown): string {
  return collapseWhitespace(asText(value)).toUpperCase();
}

/**
 * Comparison form: upper-case letters and digits only ("sw1a 1aa" → "SW1A1AA"); a US ZIP+4 is
 * cut to its five-digit ZIP because the +4 suffix is usually present in one source only.
 */
export function postcodeMatchForm(value: unknown): string {
  const text = asText(value).toUpperCase();
  if (/^\d{5}-\d{4}$/.test(text)) return text.slice(0, 5);
  return text.replace(/[^A-Z0-9]/g, '');
}

// Legal-form words that differ between sources for one company ("Acme Inc" / "ACME, Inc.").
const LEGAL_FORMS = new Set([
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'plc', 'gmbh', 'ag', 'sa',
  'sas', 'sarl', 'bv', 'nv', 'pty', 'pte', 'llp', 'lp', 'srl', 'spa', 'oy', 'ab', 'kk', 'sro',
  // Written without their dots or spaces in some sources: "a.s.", "S.L.U.", "GmbH & Co. KG", "sp. z o.o.".
  'as', 'spol', 'sl', 'slu', 'kg', 'ohg', 'gbr', 'ug', 'se', 'ltda', 'sprl', 'bvba', 'kft', 'zrt', 'doo', 'oyj', 'asa', 'aps', 'sp', 'zoo',
]);
// Words joining a legal form to the name ("GmbH & Co. KG", "spol. s r.o.").
const CONNECTORS = new Set(['and', 'und', 'et', 'y', 'e']);

/**
 * "The Acme Co., Inc." → "acme"; "Stonemark Energy s.r.o." and "Stonemark Energy, a. s." →
 * "stonemark energy": legal-form words anywhere, and the trail of one-letter tokens and connectors
 * a dotted legal form leaves behind ("s r o", "a s", "b v", "gmbh and co kg") at the end.
 */
export function companyMatchForm(value: unknown): string {
  const text = asText(value);
  // Many tables have no company column: nothing to split and filter.
  if (text === '') return '';
  const tokens = matchText(text.replace(/&/g, ' and ')).split(' ').filter((t) => t !== '' && !LEGAL_FORMS.has(t));
  while (tokens.length > 1 && (tokens[tokens.length - 1]!.length === 1 || CONNECTORS.has(tokens[tokens.length - 1]!))) tokens.pop();
  if (tokens[0] === 'the' && tokens.length > 1) tokens.shift();
  return tokens.join(' ');
}
