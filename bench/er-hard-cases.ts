// A seeded generator of hard CRM entity-resolution cases with ground truth (issue 14): three
// sources exported the way Salesforce, HubSpot and Zendesk export contacts, each with its own
// field coverage and formats, over a population with realistic name frequencies (so namesakes
// happen, most of all at large employers), companies of very unequal size, role mailboxes shared
// by colleagues, switchboard and family phones, spouses, nicknames, swapped name fields, typos,
// particle surnames, company typos and rows whose fields do not overlap at all.
//
// The number of companies grows more slowly than the number of people, so the density of people
// per employer — and with it the number of namesakes at one employer — rises with the size of the
// set: the 100,000-row set is harder per row than the 5,000-row set, as real CRMs are.
//
// Built from er-hard-cases-data.ts only; it knows nothing of the matcher's rules or tables.
import { COMPANY_WORDS, JOB_TITLES, LOCALES, RARE_GIVEN, weightedList, type LocaleData } from './er-hard-cases-data';
import { seededRandom } from '../src/er/random';

export type HardCaseOptions = { rows: number; seed?: number };
export type HardCaseTable = { id: string; columns: string[]; rows: Record<string, string>[] };
export type HardCaseTruth = { source: string; row_id: string; entity_id: string; tags: string[] };
export type HardCaseSet = { tables: HardCaseTable[]; truth: HardCaseTruth[]; people: number; companies: number; largestCompany: number };

type Rng = {
  next(): number;
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
};

type Weighted = { names: string[]; cumulative: number[] };
type Locale = LocaleData & { m: Weighted; f: Weighted; s: Weighted; listedSurnames: number };

type Company = {
  id: number;
  locale: Locale;
  name: string;
  stem: string;
  legal: string;
  domain: string;
  pattern: string;
  offices: { city: string; switchboard: string }[];
  roleBoxes: string[];
  mailboxes: Map<string, number>;
  weight: number;
  /** Expected number of employees (for behaviour that depends on size). */
  expected: number;
  employees: number;
};

type Person = {
  entity: string;
  locale: Locale;
  male: boolean;
  first: string;
  nick?: string;
  last: string;
  /** The family name's base (masculine) form, shared by a household. */
  base: string;
  maiden?: string;
  company?: Company;
  office?: { city: string; switchboard: string };
  title: string;
  city: string;
  work?: string;
  workTag?: string;
  personal?: string;
  familyEmail?: string;
  mobile?: string;
  direct?: string;
  home?: string;
};

const SF = 'in.c-salesforce.contacts';
const HS = 'in.c-hubspot.contacts';
const ZD = 'in.c-zendesk.users';

export const HARD_CASE_COLUMNS: Record<string, string[]> = {
  [SF]: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'AccountName', 'MailingCity', 'MailingCountry', 'LastModifiedDate'],
  [HS]: ['vid', 'firstname', 'lastname', 'email', 'phone', 'company', 'jobtitle', 'city', 'country', 'lastmodifieddate'],
  [ZD]: ['id', 'name', 'email', 'phone', 'organization', 'time_zone', 'updated_at'],
};

function rng(seed: number): Rng {
  const next = seededRandom(seed);
  return {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)]!,
  };
}

function weighted(spec: string): Weighted {
  const { names, weights } = weightedList(spec);
  let total = 0;
  return { names, cumulative: weights.map((w) => (total += w)) };
}

function draw(r: Rng, w: Weighted): string {
  const x = r.next() * w.cumulative[w.cumulative.length - 1]!;
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return w.names[lo]!;
}

const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/ß/g, 'ss');
const slug = (s: string): string => fold(s).toLowerCase().replace(/[^a-z0-9]/g, '');

/** Czech family names take a feminine form (Novák → Nováková, Černý → Černá). */
function feminine(locale: Locale, surname: string): string {
  if (locale.id !== 'cz') return surname;
  if (surname.endsWith('ý')) return `${surname.slice(0, -1)}á`;
  if (surname.endsWith('a')) return `${surname.slice(0, -1)}ová`;
  if (surname.endsWith('ek')) return `${surname.slice(0, -2)}ková`;
  if (surname.endsWith('ec')) return `${surname.slice(0, -2)}cová`;
  return `${surname}ová`;
}

// ── phones ────────────────────────────────────────────────────────────────────────────────────

const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

/** A national significant number (no trunk prefix) and where its area code ends. */
function nationalNumber(r: Rng, locale: Locale, mobile: boolean): { nsn: string; area: number } {
  switch (locale.id) {
    case 'us': return { nsn: `${r.int(2, 9)}${r.int(0, 8)}${r.int(0, 9)}${r.int(2, 9)}${digits(r, 6)}`, area: 3 };
    case 'gb': return mobile ? { nsn: `7${r.int(4, 9)}${digits(r, 8)}`, area: 4 } : r.chance(0.4) ? { nsn: `20${r.pick(['7', '3', '8'])}${digits(r, 7)}`, area: 2 } : { nsn: `1${digits(r, 3)}${digits(r, 6)}`, area: 4 };
    case 'cz': return { nsn: mobile ? `${r.pick(['60', '72', '73', '77', '77', '60'])}${digits(r, 7)}` : `${r.pick(['2', '5', '3'])}${digits(r, 8)}`, area: 3 };
    case 'de': return mobile ? { nsn: `1${r.pick(['51', '52', '60', '70', '76'])}${digits(r, 8)}`, area: 3 } : (() => { const a = r.pick(['30', '40', '89', '69', '221', '711']); return { nsn: `${a}${digits(r, a.length === 2 ? 8 : 7)}`, area: a.length }; })();
    case 'nl': return mobile ? { nsn: `6${digits(r, 8)}`, area: 1 } : { nsn: `${r.pick(['20', '10', '30', '70'])}${digits(r, 7)}`, area: 2 };
    case 'es': return { nsn: mobile ? `6${digits(r, 8)}` : `9${r.pick(['1', '3', '5', '6'])}${digits(r, 7)}`, area: 3 };
    case 'fr': return { nsn: mobile ? `${r.pick(['6', '7'])}${digits(r, 8)}` : `${r.int(1, 5)}${digits(r, 8)}`, area: 1 };
  }
}

const TRUNK = new Set(['gb', 'de', 'nl', 'fr']);

/** The number as people write it: international, national, with or without separators. */
function writePhone(r: Rng, locale: Locale, phone: string): string {
  const [area, nsn] = phone.split('|') as [string, string];
  const a = nsn.slice(0, Number(area));
  const rest = nsn.slice(Number(area));
  const cc = locale.callingCode;
  const trunk = TRUNK.has(locale.id) ? '0' : '';
  const group = (s: string, size: number) => s.match(new RegExp(`.{1,${size}}`, 'g'))!.join(' ');
  let text: string;
  if (locale.id === 'us') {
    const [x, y, z] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6)];
    text = r.pick([`(${x}) ${y}-${z}`, `${x}-${y}-${z}`, `${x}.${y}.${z}`, `+1 ${x} ${y} ${z}`, `1-${x}-${y}-${z}`, `+1${nsn}`, nsn, `+1 (${x}) ${y}-${z}`, `${x} ${y} ${z}`, `(${x}) ${y}-${z}`]);
    if (r.chance(0.04)) text += r.pick([' ext. 12', ' x204', ' ext 3301']);
    return text;
  }
  const spaced = locale.id === 'cz' || locale.id === 'es' ? group(nsn, 3) : locale.id === 'fr' ? `${a} ${group(rest, 2)}` : `${a} ${group(rest, 4)}`;
  const forms = [`+${cc} ${spaced}`, `+${cc} ${spaced}`, `${trunk}${spaced}`, `${trunk}${spaced}`, `00${cc} ${spaced}`, `+${cc}${nsn}`, `${trunk}${nsn}`];
  if (trunk) forms.push(`+${cc} (0)${spaced}`, `0${a}-${rest}`, locale.id === 'de' ? `0${a}/${rest}` : `0${a} ${rest}`);
  return r.pick(forms);
}

// ── typos and name variants ─────────────────────────────────────────────────────────────────────

const KEYBOARD = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function neighbour(r: Rng, ch: string): string {
  const lower = ch.toLowerCase();
  for (const row of KEYBOARD) {
    const i = row.indexOf(lower);
    if (i < 0) continue;
    const options = [row[i - 1], row[i + 1]].filter((c): c is string => c !== undefined);
    const out = r.pick(options);
    return ch === lower ? out : out.toUpperCase();
  }
  return ch;
}

/** One keying error; the first letter is kept most of the time, as people rarely mistype it. */
function typo(r: Rng, value: string): string {
  if (value.length < 2) return value;
  const from = r.chance(0.9) ? 1 : 0;
  const i = r.int(from, value.length - 1);
  const kind = r.next();
  if (kind < 0.3) return value.slice(0, i) + neighbour(r, value[i]!) + value.slice(i + 1);
  if (kind < 0.55 && value.length > 3) return value.slice(0, i) + value.slice(i + 1);
  if (kind < 0.8) return value.slice(0, i) + neighbour(r, value[i]!) + value.slice(i);
  if (i + 1 < value.length) return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  return value.slice(0, i - 1) + value[i] + value[i - 1];
}

const PARTICLE = /^((?:van|von|de|der|den|del|la|le|los|da|di|ter|ten)\s+)+/i;

/** How a particle surname ("van den Berg", "de la Cruz") comes out of a form or an import. */
function particleVariant(r: Rng, last: string, tags: string[]): string {
  const m = PARTICLE.exec(last);
  if (!m) return last;
  const core = last.slice(m[0].length);
  const particle = m[0].trim();
  const x = r.next();
  if (x < 0.65) return last;
  if (x < 0.77) return (tags.push('particle_case'), `${particle.split(' ').map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' ')} ${core}`);
  if (x < 0.86) return (tags.push('particle_dropped'), core);
  if (x < 0.92) return (tags.push('particle_joined'), `${particle.replace(/\s+/g, '')}${core}`.replace(/^./, (c) => c.toUpperCase()));
  tags.push('particle_typo');
  const words = particle.split(' ');
  const k = r.int(0, words.length - 1);
  words[k] = words[k] === 'den' ? 'der' : words[k] === 'der' ? 'den' : words[k] === 'de' ? 'del' : words[k] === 'van' ? 'van de' : typo(r, words[k]!);
  return `${words.join(' ')} ${core}`;
}

// ── people and companies ────────────────────────────────────────────────────────────────────────

export function hardCaseCrm(options: HardCaseOptions): HardCaseSet {
  const r = rng(options.seed ?? 14);
  const locales: Locale[] = LOCALES.map((l) => {
    const s = weighted(l.surnames);
    return { ...l, m: weighted(l.male), f: weighted(l.female), s, listedSurnames: s.cumulative[s.cumulative.length - 1]! / 100 };
  });
  const localeCumulative: number[] = [];
  locales.reduce((total, l) => (localeCumulative.push(total + l.share), total + l.share), 0);
  const pickLocale = (): Locale => {
    const x = r.next() * localeCumulative[localeCumulative.length - 1]!;
    return locales[localeCumulative.findIndex((c) => c > x)]!;
  };
  const rareMale = RARE_GIVEN.male.split(' ');
  const rareFemale = RARE_GIVEN.female.split(' ');

  const givenName = (locale: Locale, male: boolean): string => {
    const x = r.next();
    if (x < 0.04) return r.pick(male ? rareMale : rareFemale);
    // People with a given name from another country (migration, international staff).
    if (x < 0.1) {
      const other = pickLocale();
      return draw(r, male ? other.m : other.f);
    }
    return draw(r, male ? locale.m : locale.f);
  };
  const surname = (locale: Locale): string => {
    if (r.chance(locale.listedSurnames)) return draw(r, locale.s);
    // Most people's family names are rare: root, one or two joining syllables, ending — tens of
    // thousands of combinations per country, like a real surname register's long tail.
    const { roots, middles, endings } = locale.tail;
    const joins = middles.filter((m) => m !== '');
    const middle = r.chance(0.35) ? '' : r.pick(joins) + (r.chance(0.4) ? r.pick(joins) : '');
    const name = r.pick(roots) + middle + r.pick(endings);
    return locale.id === 'nl' && r.chance(0.3) ? `${r.pick(['van', 'de', 'van der', 'van den', 'ter'])} ${name}` : name;
  };
  const phone = (locale: Locale, mobile: boolean): string => {
    const { nsn, area } = nationalNumber(r, locale, mobile);
    return `${area}|${nsn}`;
  };

  const estimatedPeople = Math.max(50, Math.round(options.rows / 1.5));
  const companyCount = Math.max(20, Math.round(0.5 * estimatedPeople ** 0.8));
  const companies: Company[] = [];
  const stems = new Set<string>();
  const domains = new Set<string>();
  for (let c = 0; c < companyCount; c++) {
    const locale = pickLocale();
    let stem = '';
    let sector = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      stem = `${r.pick(COMPANY_WORDS.first)}${r.pick(COMPANY_WORDS.second)}`;
      sector = r.pick(COMPANY_WORDS.sector);
      if (!stems.has(`${stem} ${sector}`)) break;
    }
    stems.add(`${stem} ${sector}`);
    const name = sector ? `${stem} ${sector}` : stem;
    let domain = `${slug(stem)}${r.chance(0.3) && sector ? slug(sector) : ''}.${r.chance(0.25) ? 'com' : locale.tld}`;
    if (domains.has(domain)) domain = `${slug(name)}-${locale.id}.${locale.tld}`;
    if (domains.has(domain)) domain = `${slug(name)}${c}.com`;
    domains.add(domain);
    // Zipf sizes: a few accounts with thousands of contacts, a long tail of small ones.
    const weight = 1 / (c + 1);
    const offices = Array.from({ length: c < 10 ? r.int(2, 5) : c < 100 ? r.int(1, 3) : 1 }, () => ({ city: r.pick(locale.cities), switchboard: phone(locale, false) }));
    const patterns = ['first.last', 'first.last', 'first.last', 'flast', 'flast', 'firstl', 'f.last', 'first_last', 'last.first'];
    const pattern = c >= companyCount * 0.5 && r.chance(0.35) ? r.pick(['first', 'last']) : r.pick(patterns);
    const roleBoxes = Array.from(new Set(Array.from({ length: r.int(1, 3) }, () => r.pick(locale.roleBoxes))));
    companies.push({ id: c, locale, name, stem, legal: `${name} ${r.pick(locale.legalForms)}`, domain, pattern, offices, roleBoxes, mailboxes: new Map(), weight, expected: 0, employees: 0 });
  }
  const totalWeight = companies.reduce((t, c) => t + c.weight, 0);
  for (const c of companies) c.expected = (c.weight / totalWeight) * estimatedPeople * 0.7;
  // Shuffle the Zipf weights so company order says nothing about size.
  const companyCumulative: number[] = [];
  companies.reduce((total, c) => (companyCumulative.push(total + c.weight), total + c.weight), 0);
  const pickCompany = (): Company => {
    const x = r.next() * companyCumulative[companyCumulative.length - 1]!;
    let lo = 0;
    let hi = companies.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (companyCumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return companies[lo]!;
  };

  const usedPersonal = new Set<string>();
  const workAddress = (p: Person, company: Company): void => {
    const f = slug(p.first);
    const l = slug(p.last).replace(/^(van|von|de|der|den|del|la|le|ter)+(?=.{3})/, '') || slug(p.last);
    const local = { 'first.last': `${f}.${l}`, flast: `${f[0]}${l}`, firstl: `${f}${l[0]}`, 'f.last': `${f[0]}.${l}`, first_last: `${f}_${l}`, 'last.first': `${l}.${f}`, first: f, last: l }[company.pattern] ?? `${f}.${l}`;
    let address = local;
    if (company.mailboxes.has(address)) {
      // Mail servers give the second person another mailbox; CRMs sometimes record the first's.
      if (r.chance(0.2)) p.workTag = 'same_work_address';
      else for (let k = 2; company.mailboxes.has(address); k++) address = r.chance(0.5) ? `${local}${k}` : `${f}.${String.fromCharCode(97 + r.int(0, 25))}.${l}`;
    }
    company.mailboxes.set(address, (company.mailboxes.get(address) ?? 0) + 1);
    p.work = `${address}@${company.domain}`;
  };
  const personalAddress = (p: Person): string => {
    const f = slug(p.first);
    const l = slug(p.last);
    const nick = p.nick ? slug(p.nick) : f;
    const year = String(r.int(55, 99));
    for (let attempt = 0; ; attempt++) {
      const local = r.pick([`${f}.${l}`, `${f}${l}`, `${f}.${l}${year}`, `${f[0]}${l}${year}`, `${f}_${l}`, `${nick}.${l}`, `${l}.${f}`, `${f}${r.int(1, 999)}`, `${nick}${l}${r.int(1, 99)}`, `${l}${f[0]}`]);
      const address = `${attempt > 3 ? `${local}${r.int(100, 9999)}` : local}@${r.pick(p.locale.freemail)}`;
      if (!usedPersonal.has(address)) {
        usedPersonal.add(address);
        return address;
      }
    }
  };

  const makePerson = (entity: string, locale: Locale, male: boolean, base?: string, company?: Company): Person => {
    const first = givenName(locale, male);
    const nicks = locale.nicknames[first];
    const family = base ?? surname(locale);
    const p: Person = { entity, locale, male, first, last: male ? family : feminine(locale, family), base: family, title: r.pick(JOB_TITLES), city: r.pick(locale.cities) };
    if (nicks && r.chance(0.55)) p.nick = r.pick(nicks);
    if (company) {
      p.company = company;
      p.office = r.pick(company.offices);
      p.city = r.chance(0.85) ? p.office.city : p.city;
      company.employees++;
      workAddress(p, company);
      if (r.chance(0.45)) p.direct = phone(company.locale, false);
    }
    p.personal = personalAddress(p);
    if (r.chance(0.75)) p.mobile = phone(locale, true);
    return p;
  };

  const people: Person[] = [];
  let rowBudget = 0;
  const tables = new Map<string, { rows: Record<string, string>[]; tags: string[][]; entities: string[] }>([SF, HS, ZD].map((id) => [id, { rows: [], tags: [], entities: [] }]));
  let entityNo = 0;
  const nextEntity = () => `P${String(++entityNo).padStart(6, '0')}`;

  function emitRows(p: Person): number {
    const business = p.company !== undefined;
    let present: string[];
    do present = [SF, HS, ZD].filter((s) => r.chance(business ? { [SF]: 0.62, [HS]: 0.55, [ZD]: 0.35 }[s]! : { [SF]: 0.05, [HS]: 0.6, [ZD]: 0.68 }[s]!));
    while (present.length === 0);
    let emitted = 0;
    for (const source of present) {
      const copies = 1 + (r.chance({ [SF]: 0.05, [HS]: 0.07, [ZD]: 0.05 }[source]!) ? 1 : 0);
      const usedEmails = new Set<string>();
      for (let k = 0; k < copies; k++) {
        const tags: string[] = [];
        const row = source === SF ? salesforce(p, tags) : source === HS ? hubspot(p, tags, usedEmails) : zendesk(p, tags, usedEmails);
        const table = tables.get(source)!;
        table.rows.push(row);
        table.tags.push(tags);
        table.entities.push(p.entity);
        emitted++;
      }
    }
    return emitted;
  }

  // ── rendering one row per source ──────────────────────────────────────────────────────────────

  function nameParts(p: Person, tags: string[], nickRate: number, typoRate: number, foldRate: number): { first: string; last: string } {
    let first = p.first;
    if (p.nick && r.chance(nickRate)) (first = p.nick), tags.push('nickname');
    let last = p.maiden && r.chance(0.5) ? (tags.push('surname_changed'), p.maiden) : p.last;
    last = particleVariant(r, last, tags);
    if (r.chance(typoRate)) (first = typo(r, first)), tags.push(first.length <= 4 ? 'short_first_typo' : 'first_typo');
    if (r.chance(typoRate)) (last = typo(r, last)), tags.push('last_typo');
    if (fold(first + last) !== first + last && r.chance(foldRate)) (first = fold(first)), (last = fold(last)), tags.push('accents_dropped');
    return { first, last };
  }

  function email(p: Person, tags: string[], weights: { work: number; personal: number; role: number; family: number }, used?: Set<string>): string {
    const options: [string, number, string | undefined][] = [
      ['work', p.work ? weights.work : 0, p.work],
      ['personal', weights.personal, p.personal],
      // Small firms share info@ among everyone; at large ones people mostly write from their own mailbox.
      ['role', p.company ? weights.role * (p.company.expected < 20 ? 2 : p.company.expected < 200 ? 1 : 0.4) : 0, p.company ? `${r.pick(p.company.roleBoxes)}@${p.company.domain}` : undefined],
      ['family', p.familyEmail ? weights.family : 0, p.familyEmail],
    ];
    const available = options.filter(([, w, v]) => w > 0 && v !== undefined && !used?.has(v));
    const total = available.reduce((t, [, w]) => t + w, 0);
    if (total === 0) return '';
    let x = r.next() * total;
    for (const [kind, w, value] of available) {
      if ((x -= w) >= 0) continue;
      used?.add(value!);
      if (kind === 'role') tags.push('role_email');
      if (kind === 'family') tags.push('family_email');
      if (kind === 'personal' && p.company) tags.push('personal_email');
      if (kind === 'work' && p.workTag) tags.push(p.workTag);
      let text = value!;
      if (r.chance(0.05)) (text = text.replace(/^./, (c) => c.toUpperCase()).replace(/\.(\w)/, (_, c: string) => `.${c.toUpperCase()}`)), tags.push('email_case');
      if (kind !== 'role' && r.chance(0.03)) (text = text.replace('@', `+${r.pick(['news', 'crm', 'shop', 'web'])}@`)), tags.push('email_plus');
      if (r.chance(0.02)) (text = ` ${text} `), tags.push('email_whitespace');
      return text;
    }
    return '';
  }

  function phoneCell(p: Person, tags: string[], weights: { mobile: number; direct: number; switchboard: number; home: number }): string {
    const options: [string, number, string | undefined, LocaleData][] = [
      ['mobile', weights.mobile, p.mobile, p.locale],
      ['direct', weights.direct, p.direct, p.company?.locale ?? p.locale],
      ['switchboard', weights.switchboard, p.office?.switchboard, p.company?.locale ?? p.locale],
      ['home', weights.home, p.home, p.locale],
    ];
    const available = options.filter(([, w, v]) => w > 0 && v !== undefined);
    const total = available.reduce((t, [, w]) => t + w, 0);
    if (total === 0) return '';
    let x = r.next() * total;
    for (const [kind, w, value, locale] of available) {
      if ((x -= w) >= 0) continue;
      if (kind === 'switchboard') tags.push('switchboard_phone');
      if (kind === 'home') tags.push('home_phone');
      return writePhone(r, locale as Locale, value!);
    }
    return '';
  }

  function companyCell(c: Company, tags: string[], styles: Record<string, number>): string {
    const forms: Record<string, () => string> = {
      legal: () => c.legal,
      name: () => c.name,
      stem: () => c.stem,
      lower: () => c.name.toLowerCase(),
      upper: () => c.legal.toUpperCase(),
      comma: () => c.legal.replace(/ (\S+)$/, ', $1'),
      typo: () => (tags.push('company_typo'), typo(r, c.name)),
    };
    const total = Object.values(styles).reduce((a, b) => a + b, 0);
    let x = r.next() * total;
    for (const [style, w] of Object.entries(styles)) if ((x -= w) < 0) return forms[style]!();
    return c.name;
  }

  const stamp = () => 1_546_300_800_000 + Math.floor(r.next() * 200_000_000_000);
  let sfSeq = 0;
  let vid = 1000 + r.int(0, 5000);
  let zdId = 360_000_000_000 + r.int(0, 99_999_999);

  function salesforce(p: Person, tags: string[]): Record<string, string> {
    let { first, last } = nameParts(p, tags, 0.2, 0.03, 0.2);
    if (r.chance(0.01)) ([first, last] = [last, first]), tags.push('swapped');
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const id = `0035g00000${(++sfSeq).toString(36).padStart(5, '0')}${Array.from({ length: 3 }, () => r.pick([...alphabet])).join('')}`;
    const business = p.company !== undefined;
    const mail = r.chance(business ? 0.1 : 0.15) ? '' : email(p, tags, { work: 0.88, personal: business ? 0.09 : 1, role: 0.03, family: 0.1 });
    const phone = r.chance(0.22) ? '' : phoneCell(p, tags, { mobile: 0.3, direct: 0.4, switchboard: 0.25, home: business ? 0 : 0.4 });
    return {
      Id: id,
      FirstName: first,
      LastName: last,
      Email: mail,
      Phone: r.chance(0.01) ? r.pick(['n/a', '000-000-0000', '-']) : phone,
      MobilePhone: p.mobile && r.chance(0.3) ? writePhone(r, p.locale, p.mobile) : '',
      Title: business && r.chance(0.6) ? p.title : '',
      AccountName: p.company ? companyCell(p.company, tags, { legal: 0.62, name: 0.18, upper: 0.04, comma: 0.06, typo: 0.04, stem: 0.06 }) : '',
      MailingCity: r.chance(0.75) ? p.city : '',
      MailingCountry: r.chance(0.8) ? r.pick(p.locale.countryNames) : '',
      LastModifiedDate: new Date(stamp()).toISOString().replace('Z', '+0000'),
    };
  }

  function hubspot(p: Person, tags: string[], used: Set<string>): Record<string, string> {
    let { first, last } = nameParts(p, tags, 0.4, 0.04, 0.4);
    if (r.chance(0.12)) (first = first.toLowerCase()), (last = last.toLowerCase()), tags.push('name_lower');
    if (r.chance(0.03)) ([first, last] = [last, first]), tags.push('swapped');
    const business = p.company !== undefined;
    const mail = r.chance(0.03) ? '' : email(p, tags, { work: business ? 0.68 : 0, personal: business ? 0.25 : 1, role: 0.05, family: 0.2 }, used);
    const phone = r.chance(0.58) ? '' : phoneCell(p, tags, { mobile: 0.6, direct: 0.2, switchboard: 0.1, home: 0.3 });
    if (mail === '' && phone === '') tags.push('no_contact');
    // B2B forms ask for a work address and a company name; HubSpot also fills the company from a
    // work address's domain.
    const atWork = p.company !== undefined && mail.trim().toLowerCase().endsWith(`@${p.company.domain}`);
    return {
      vid: String((vid += r.int(1, 40))),
      firstname: first,
      lastname: last,
      email: mail,
      phone,
      company: p.company && r.chance(atWork ? 0.85 : 0.7) ? companyCell(p.company, tags, { stem: 0.3, name: 0.25, legal: 0.2, lower: 0.12, typo: 0.06, upper: 0.02, comma: 0.05 }) : '',
      jobtitle: business && r.chance(0.4) ? p.title : '',
      city: r.chance(0.45) ? (r.chance(0.1) ? fold(p.city).toLowerCase() : p.city) : '',
      country: r.chance(0.5) ? r.pick(p.locale.countryNames) : '',
      lastmodifieddate: String(stamp()),
    };
  }

  function zendesk(p: Person, tags: string[], used: Set<string>): Record<string, string> {
    const { first, last } = nameParts(p, tags, 0.45, 0.04, 0.5);
    const x = r.next();
    const surnameFirst = p.locale.id === 'cz' ? 0.15 : 0.04;
    let name: string;
    if (x < 0.08) (name = first), tags.push('first_only');
    else if (x < 0.14) (name = `${first[0]}. ${last}`), tags.push('initial');
    else if (x < 0.14 + surnameFirst) (name = `${last} ${first}`), tags.push('swapped');
    else if (x < 0.18 + surnameFirst) (name = `${last}, ${first}`), tags.push('comma_name');
    else if (x < 0.28 + surnameFirst) (name = `${first} ${last}`.toLowerCase()), tags.push('name_lower');
    else name = `${first} ${last}`;
    const business = p.company !== undefined;
    const phoneOnly = r.chance(0.12);
    // Support requests about a business product mostly come from work addresses.
    const mail = phoneOnly ? '' : email(p, tags, { work: business ? 0.55 : 0, personal: business ? 0.3 : 0.85, role: business ? 0.09 : 0, family: 0.15 }, used);
    // Zendesk maps a requester to an organisation by the e-mail domain; agents set a few by hand.
    const atWork = p.company !== undefined && mail.trim().toLowerCase().endsWith(`@${p.company.domain}`);
    const phone = mail === '' || r.chance(0.3) ? phoneCell(p, tags, { mobile: 0.7, direct: 0.15, switchboard: 0.1, home: 0.3 }) : '';
    if (mail === '' && phone !== '') tags.push('phone_only');
    if (mail !== '' && phone === '') tags.push('email_only');
    return {
      id: String((zdId += r.int(1, 900_000))),
      name,
      email: mail,
      phone,
      organization: p.company && r.chance(atWork ? 0.9 : 0.15) ? companyCell(p.company, tags, { stem: 0.45, name: 0.35, lower: 0.15, typo: 0.05 }) : '',
      time_zone: p.locale.timeZone,
      updated_at: new Date(stamp()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  while (rowBudget < options.rows) {
    const business = r.chance(0.7);
    const company = business ? pickCompany() : undefined;
    const locale = company && r.chance(0.8) ? company.locale : pickLocale();
    const male = r.chance(0.5);
    const person = makePerson(nextEntity(), locale, male, undefined, company);
    const household = [person];
    // Spouses: same family name, home, city and often phone or e-mail; some at the same employer.
    if (r.chance(business ? 0.06 : 0.14)) {
      const spouseCompany = company && r.chance(0.15) ? company : !company && r.chance(0.2) ? pickCompany() : company && r.chance(0.5) ? pickCompany() : undefined;
      const spouse = makePerson(nextEntity(), locale, !male, person.base, spouseCompany);
      spouse.city = person.city;
      const home = phone(locale, false);
      if (r.chance(0.6)) person.home = spouse.home = home;
      if (r.chance(0.25)) person.familyEmail = spouse.familyEmail = `${r.pick([`${slug(person.last)}family`, `the${slug(person.last)}s`, `${slug(person.last)}ovi`, `${slug(person.first)}.${slug(spouse.first)}`])}@${r.pick(locale.freemail)}`;
      household.push(spouse);
    }
    // A parent and grown child of the same name in one household.
    if (!company && r.chance(0.006)) {
      const junior = makePerson(nextEntity(), locale, male, person.base);
      junior.first = person.first;
      junior.nick = person.nick;
      junior.city = person.city;
      junior.personal = personalAddress(junior);
      if (r.chance(0.5)) junior.home = person.home ??= phone(locale, false);
      household.push(junior);
    }
    if (person.familyEmail === undefined && person.home === undefined && !company && r.chance(0.3)) person.home = phone(locale, false);
    // A married name: some rows still carry the previous family name.
    for (const p of household) if (!p.male && r.chance(0.02)) p.maiden = p.locale.id === 'cz' ? feminine(p.locale, surname(p.locale)) : surname(p.locale);
    for (const p of household) {
      people.push(p);
      rowBudget += emitRows(p);
    }
  }

  // Rows in each export in a stable but unrelated order (by id), as an export lists them.
  const truth: HardCaseTruth[] = [];
  const out: HardCaseTable[] = [];
  for (const [id, table] of tables) {
    const order = table.rows.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const key = HARD_CASE_COLUMNS[id]![0]!;
    out.push({ id, columns: HARD_CASE_COLUMNS[id]!, rows: order.map((i) => table.rows[i]!) });
    for (const i of order) truth.push({ source: id, row_id: table.rows[i]![key]!, entity_id: table.entities[i]!, tags: table.tags[i]! });
  }
  return { tables: out, truth, people: people.length, companies: companies.length, largestCompany: Math.max(...companies.map((c) => c.employees)) };
}
