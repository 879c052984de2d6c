// States and countries: sources write "California", "Calif." or "CA"; comparison forms use
// the postal abbreviation (US, Canada, Australia) and the ISO 3166 alpha-2 country code.
import { matchText } from './text';

// Maps, not objects: looked up with any text a cell holds (an object would also answer "constructor").
const REGIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca', calif: 'ca', colorado: 'co',
  connecticut: 'ct', delaware: 'de', 'district of columbia': 'dc', florida: 'fl', georgia: 'ga', hawaii: 'hi',
  idaho: 'id', illinois: 'il', indiana: 'in', iowa: 'ia', kansas: 'ks', kentucky: 'ky', louisiana: 'la', maine: 'me',
  maryland: 'md', massachusetts: 'ma', michigan: 'mi', minnesota: 'mn', mississippi: 'ms', missouri: 'mo',
  montana: 'mt', nebraska: 'ne', nevada: 'nv', 'new hampshire': 'nh', 'new jersey': 'nj', 'new mexico': 'nm',
  'new york': 'ny', 'north carolina': 'nc', 'north dakota': 'nd', ohio: 'oh', oklahoma: 'ok', oregon: 'or',
  pennsylvania: 'pa', 'rhode island': 'ri', 'south carolina': 'sc', 'south dakota': 'sd', tennessee: 'tn',
  texas: 'tx', utah: 'ut', vermont: 'vt', virginia: 'va', washington: 'wa', 'west virginia': 'wv',
  wisconsin: 'wi', wyoming: 'wy', 'puerto rico': 'pr',
  alberta: 'ab', 'british columbia': 'bc', manitoba: 'mb', 'new brunswick': 'nb', 'newfoundland and labrador': 'nl',
  'nova scotia': 'ns', ontario: 'on', 'prince edward island': 'pe', quebec: 'qc', saskatchewan: 'sk',
  'new south wales': 'nsw', victoria: 'vic', queensland: 'qld', 'western australia': 'wa', 'south australia': 'sa',
  tasmania: 'tas', 'australian capital territory': 'act', 'northern territory': 'nt',
}));

const COUNTRIES: ReadonlyMap<string, string> = new Map(Object.entries({
  'united states': 'us', 'united states of america': 'us', usa: 'us', america: 'us', 'u s a': 'us', 'u s': 'us',
  'united kingdom': 'gb', uk: 'gb', 'great britain': 'gb', britain: 'gb', england: 'gb', scotland: 'gb', wales: 'gb',
  australia: 'au', canada: 'ca', germany: 'de', deutschland: 'de', france: 'fr', spain: 'es', espana: 'es',
  italy: 'it', italia: 'it', netherlands: 'nl', 'the netherlands': 'nl', holland: 'nl', ireland: 'ie',
  'new zealand': 'nz', india: 'in', japan: 'jp', china: 'cn', brazil: 'br', mexico: 'mx', switzerland: 'ch',
  austria: 'at', belgium: 'be', sweden: 'se', norway: 'no', denmark: 'dk', finland: 'fi', poland: 'pl',
  portugal: 'pt', 'czech republic': 'cz', czechia: 'cz', singapore: 'sg', 'south africa': 'za',
  // Native names, as people in those countries type them into forms.
  'ceska republika': 'cz', cesko: 'cz', slovakia: 'sk', slovensko: 'sk', osterreich: 'at', schweiz: 'ch', suisse: 'ch',
  nederland: 'nl', belgique: 'be', belgie: 'be', polska: 'pl', sverige: 'se', norge: 'no', danmark: 'dk', suomi: 'fi',
}));

export function regionMatchForm(value: unknown): string {
  const text = matchText(value);
  return REGIONS.get(text) ?? text;
}

export function countryMatchForm(value: unknown): string {
  const text = matchText(value);
  return COUNTRIES.get(text) ?? text;
}
