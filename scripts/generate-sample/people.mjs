// The true world behind the CRM sample: companies and the people who work there (or buy as
// consumers). Each source renders these entities its own messy way (sources.mjs).
import { COUNTRIES, COUNTRY_WEIGHTS, DESCRIPTORS, LEGAL_SUFFIXES, NICKNAMES, STEMS } from './reference.mjs';
import { fold, makePhone, moment, typo } from './lib.mjs';

export const EPOCH = Date.UTC(2021, 0, 1);
/** The export is "taken" at the end of 2026-09; nothing is created after it. */
export const LAST_DAY = Date.UTC(2026, 8, 30);

export function makeCompanies(r, count) {
  const companies = [];
  const names = new Set();
  while (companies.length < count) {
    const country = r.weighted(COUNTRY_WEIGHTS);
    const stem = r.pick(STEMS[0]) + r.pick(STEMS[1]);
    const descriptor = r.chance(0.75) ? r.pick(DESCRIPTORS) : '';
    const base = descriptor ? `${stem} ${descriptor}` : stem;
    if (names.has(base)) continue;
    names.add(base);
    const suffix = r.pick(LEGAL_SUFFIXES[country]);
    const slug = (descriptor && r.chance(0.35) ? stem + descriptor : stem).toLowerCase();
    companies.push({
      base, stem, suffix, country,
      legal: `${base} ${suffix}`,
      domain: `${slug}${COUNTRIES[country].tld}`,
      city: r.pick(COUNTRIES[country].cities),
      switchboard: makePhone(r, country),
      pattern: r.weighted([['first.last', 6], ['flast', 2], ['first', 1], ['first_last', 1], ['firstl', 1]]),
    });
  }
  return companies;
}

/** How a company's name gets typed in a given system; the tag records the variant for the ground truth. */
export function companyName(r, company, weights, tags) {
  const variant = r.weighted(weights);
  if (variant !== 'legal') tags.push(`company_${variant}`);
  switch (variant) {
    case 'legal': return company.legal;
    case 'base': return company.base;
    case 'stem': return company.stem;
    case 'lower': return company.base.toLowerCase();
    case 'upper': return company.legal.toUpperCase().replace(/\./g, '');
    case 'typo': return typo(r, company.base);
    case 'comma': return `${company.base}, ${company.suffix.replace(/\.$/, '')}`;
    default: throw new Error(`unknown company variant ${variant}`);
  }
}

function localPart(pattern, first, last) {
  const f = fold(first).toLowerCase().replace(/[^a-z]/g, '');
  const l = fold(last).toLowerCase().replace(/[^a-z]/g, '');
  switch (pattern) {
    case 'first.last': return `${f}.${l}`;
    case 'flast': return `${f[0]}${l}`;
    case 'first': return f;
    case 'first_last': return `${f}_${l}`;
    default: return `${f}${l[0]}`;
  }
}

/**
 * One real person. `first` is the legal given name and `preferred` what they call themselves
 * (a nickname for about a third of those who have one); systems disagree on which they store.
 * A few share their company's switchboard number, so "same phone" is not "same person".
 */
export function makePerson(r, id, companies, usedEmails) {
  const company = r.chance(0.84) ? r.pick(companies) : null;
  const country = company && r.chance(0.9) ? company.country : r.weighted(COUNTRY_WEIGHTS);
  const plan = COUNTRIES[country];
  const first = r.common(plan.first);
  const last = r.common(plan.last);
  const unique = (email) => {
    let candidate = email;
    for (let n = 2; usedEmails.has(candidate); n++) candidate = email.replace('@', `${n}@`);
    usedEmails.add(candidate);
    return candidate;
  };
  const personal = r.weighted([
    [localPart('first.last', first, last), 3],
    [`${localPart('first.last', first, last).replace('.', '')}${r.int(1, 99)}`, 2],
    [`${localPart('flast', first, last)}${r.int(60, 99)}`, 1],
  ]);
  const nicknames = NICKNAMES[first];
  return {
    id, first, last, country, company,
    preferred: nicknames && r.chance(0.35) ? r.pick(nicknames) : first,
    city: company && company.country === country && r.chance(0.7) ? company.city : r.pick(plan.cities),
    phone: company && r.chance(0.08) ? company.switchboard : makePhone(r, country),
    work: company ? unique(`${localPart(company.pattern, first, last)}@${company.domain}`) : null,
    personal: unique(`${personal}@${r.pick(plan.freemail)}`),
    born: moment(r, EPOCH, LAST_DAY - 60 * 86_400_000), // first contact with us
  };
}
