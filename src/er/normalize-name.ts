// Person names: a display form for golden records and a comparison form for matching.
import { formalGivenName } from './nicknames';
import { asText, collapseWhitespace, matchText, titleCase } from './text';

// Honorifics and generational suffixes say nothing about identity and are often present in
// one source only ("Dr. Jane Roe" in a CRM, "Jane Roe" in a ticketing tool).
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'fr', 'lord', 'lady']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'junior', 'senior']);

/** "O'Brien-Smith, Jr." → "obrien smith": folded, lower-case, apostrophes joined, titles dropped. */
export function nameMatchForm(value: unknown): string {
  // One plain ASCII word (most names): its lower case is the form, read without the regexes.
  if (typeof value === 'string' && isPlainWord(value)) {
    const form = value.toLowerCase();
    return TITLES.has(form) || SUFFIXES.has(form) ? '' : form;
  }
  const text = asText(value).replace(/['’`´]/g, '');
  const form = matchText(text);
  // Most names are one word: no need to split and join.
  if (!form.includes(' ')) return TITLES.has(form) || SUFFIXES.has(form) ? '' : form;
  const tokens = form.split(' ').filter((t) => t !== '' && !TITLES.has(t) && !SUFFIXES.has(t));
  return tokens.join(' ');
}

/** Whether a value is one word of ASCII letters and digits, nothing else. */
function isPlainWord(value: string): boolean {
  if (value === '') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) | 32;
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57 && c === value.charCodeAt(i)))) return false;
  }
  return true;
}

/** Like nameMatchForm, with a leading diminutive replaced by its formal name (bob → robert). */
export function givenNameMatchForm(value: unknown): string {
  const form = nameMatchForm(value);
  if (form === '') return '';
  if (!form.includes(' ')) return formalGivenName(form);
  const [first, ...rest] = form.split(' ');
  return [formalGivenName(first!), ...rest].join(' ');
}

/**
 * Display form: whitespace collapsed; ALL-CAPS or all-lower input is title-cased, while mixed
 * case is kept because it usually carries intent ("McDonald", "van der Berg").
 */
export function cleanName(value: unknown): string {
  const text = collapseWhitespace(asText(value));
  if (text === '') return '';
  return text === text.toLowerCase() || text === text.toUpperCase() ? titleCase(text) : text;
}

// Particles that begin a family name ("Jan de Jong", "Sander van den Berg", "Ludwig von
// Mises", "Leonardo da Vinci"): the family name is "de Jong", as the given/family fields of
// other sources have it, not "Jong".
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'des', 'dos', 'das', 'le', 'la', 'los', 'las', 'ter', 'ten', 'zu', 'af', 'bin', 'ibn', 'dela', 'vd']);

/**
 * A family name's core: its comparison form without leading particles or spaces ("van den berg",
 * "Van der Berg", "vd Berg" and "Berg" → "berg"; "de la cruz" → "cruz"), so a particle that was
 * dropped, capitalised differently or mistyped does not split one person. A one-word name is its
 * own core.
 */
export function familyCore(form: string): string {
  if (!form.includes(' ')) return form;
  const tokens = form.split(' ');
  let i = 0;
  while (i < tokens.length - 1 && PARTICLES.has(tokens[i]!)) i++;
  return tokens.slice(i).join('');
}

/**
 * Splits a full name into given and family names: "Smith, John" (family first when there is a
 * comma) or "Dr John A. Smith" (last token is the family name, the first is the given name;
 * with a particle the family name starts there: "Jan de Jong" → "Jan" + "de Jong").
 */
export function splitFullName(value: unknown): { first: string; last: string } {
  const text = collapseWhitespace(asText(value));
  if (text === '') return { first: '', last: '' };
  const comma = text.indexOf(',');
  if (comma > 0) {
    const last = text.slice(0, comma).trim();
    const rest = dropAffixes(text.slice(comma + 1).trim().split(' '));
    return { first: rest[0] ?? '', last };
  }
  const tokens = dropAffixes(text.split(' '));
  if (tokens.length === 1) return { first: tokens[0]!, last: '' };
  const particle = tokens.findIndex((t, i) => i > 0 && i < tokens.length - 1 && PARTICLES.has(t.toLowerCase()));
  const from = particle > 0 ? particle : tokens.length - 1;
  return { first: tokens[0] ?? '', last: tokens.slice(from).join(' ') };
}

function dropAffixes(tokens: string[]): string[] {
  const plain = (t: string) => t.toLowerCase().replace(/[^a-z]/g, '');
  return tokens.filter((t) => t !== '' && !TITLES.has(plain(t)) && !SUFFIXES.has(plain(t)));
}
