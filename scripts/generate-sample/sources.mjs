// How each system renders a person. The habits differ on purpose: Salesforce rows are typed by
// sales reps (legal names, legal company names, national phone formats, the odd placeholder
// e-mail); HubSpot rows come from web forms (lower case, nicknames, plus-addressed e-mails, bare
// company stems); Zendesk keeps one `name` field and whatever address a customer wrote from.
// A duplicate row (`dup`) in the same system is messier than the first, as in Febrl.
import { COUNTRIES, NICKNAMES } from './reference.mjs';
import { fold, formatPhone, moment, pad, titleCase, typo } from './lib.mjs';
import { companyName, LAST_DAY } from './people.mjs';

const DAY = 86_400_000;

function firstName(r, p, preferShare, tags) {
  let name = r.chance(preferShare) ? p.preferred : p.first;
  if (name === p.first && NICKNAMES[p.first] && r.chance(0.08)) name = r.pick(NICKNAMES[p.first]);
  if (name !== p.first) tags.push('nickname');
  return name;
}

/** Applies the common text corruptions with per-system probabilities; records each in tags. */
function mess(r, value, field, odds, tags) {
  let out = value;
  if (odds.fold && fold(out) !== out && r.chance(odds.fold)) { out = fold(out); tags.push(`${field}_no_diacritics`); }
  if (odds.typo && r.chance(odds.typo)) { const t = typo(r, out); if (t !== out) { out = t; tags.push(`${field}_typo`); } }
  if (odds.lower && r.chance(odds.lower)) { out = out.toLowerCase(); tags.push(`${field}_lower`); }
  else if (odds.upper && r.chance(odds.upper)) { out = out.toUpperCase(); tags.push(`${field}_upper`); }
  if (odds.pad && r.chance(odds.pad)) { out = pad(r, out); tags.push(`${field}_whitespace`); }
  return out;
}

function emailOf(r, address, odds, tags) {
  let [local, domain] = address.split('@');
  if (odds.plus && r.chance(odds.plus)) { local = `${local}+${r.pick(odds.plusWords)}`; tags.push('email_plus'); }
  let out = `${local}@${domain}`;
  if (odds.case && r.chance(odds.case)) {
    out = r.chance(0.75) ? `${titleCase(local)}@${titleCase(domain)}` : out.toUpperCase();
    tags.push('email_case');
  }
  if (odds.pad && r.chance(odds.pad)) { out = pad(r, out); tags.push('email_whitespace'); }
  return out;
}

/**
 * The address a row carries: the first row the usual one, a duplicate usually the other. HubSpot and
 * Zendesk key users by e-mail, so there (`used` given) a duplicate never reuses an address.
 */
function address(r, p, workShare, dup, tags, used) {
  const useWork = p.work && (dup ? !r.chance(workShare) : r.chance(workShare));
  let chosen = useWork ? p.work : p.personal;
  if (used && used.has(chosen)) chosen = p.work && chosen === p.personal ? p.work : p.personal;
  if (used && used.has(chosen)) { chosen = chosen.replace('@', `+${r.pick(['shop', 'promo', 'news'])}@`); tags.push('email_plus'); }
  used?.add(chosen);
  if (p.work && !chosen.endsWith(p.work.split('@')[1])) tags.push('personal_email');
  return chosen;
}

function phoneOf(r, p, styles, tags) {
  if (p.company && p.phone === p.company.switchboard) tags.push('shared_switchboard');
  if (r.chance(0.015)) { tags.push('phone_junk'); return r.pick(['n/a', '000-000-0000', 'TBD', '-']); }
  return formatPhone(r, p.phone, r.weighted(styles));
}

function cityOf(r, p, odds, tags) {
  const [name, , alternatives] = p.city;
  const city = alternatives && r.chance(0.25) ? (tags.push('city_variant'), r.pick(alternatives)) : name;
  return mess(r, city, 'city', odds, tags);
}

function created(r, p, dup, from, to) {
  const t = moment(r, p.born + from * DAY, p.born + to * DAY) + (dup ? r.int(30, 500) * DAY : 0);
  return Math.min(t, LAST_DAY + r.int(0, 86_399) * 1000);
}

const sfDate = (t) => new Date(t).toISOString().replace('Z', '+0000');

export function salesforceRow(r, p, dup) {
  const tags = [];
  const first = mess(r, firstName(r, p, dup ? 0.6 : 0.25, tags), 'first', { typo: dup ? 0.12 : 0.03, fold: 0.3, pad: 0.02 }, tags);
  const last = mess(r, p.last, 'last', { typo: dup ? 0.12 : 0.03, fold: 0.3, upper: 0.02, pad: 0.02 }, tags);
  let email = '';
  if (r.chance(0.015)) { email = r.pick(['noemail@example.com', 'none@none.com', 'na@test.com']); tags.push('email_placeholder'); }
  else if (r.chance(dup ? 0.25 : 0.05)) tags.push('email_missing');
  else email = emailOf(r, address(r, p, 0.92, dup, tags), { case: 0.12, pad: 0.01 }, tags);
  const at = created(r, p, dup, 0, 200);
  return {
    at, tags,
    values: {
      FirstName: first,
      LastName: last,
      Email: email,
      Phone: r.chance(0.8) ? phoneOf(r, p, [['national', 5], ['intl', 3], ['dashed', 1], ['ext', 1], ['e164', 1]], tags) : (tags.push('phone_missing'), ''),
      Account: p.company ? companyName(r, p.company, [['legal', 12], ['base', 4], ['upper', 2], ['comma', 2], ['typo', 1]], tags) : '',
      MailingCity: r.chance(0.85) ? cityOf(r, p, { lower: 0.03, pad: 0.03 }, tags) : '',
      MailingCountry: r.chance(0.9) ? (r.chance(0.7) ? COUNTRIES[p.country].names[0] : r.pick(COUNTRIES[p.country].names)) : '',
      // A 2022 data migration left some rows in the old tool's format.
      CreatedDate: r.chance(0.04) ? (tags.push('legacy_date'), sfDate(at).slice(0, 19).replace('T', ' ')) : sfDate(at),
    },
  };
}

export function hubspotRow(r, p, dup, used) {
  const tags = [];
  const odds = { typo: dup ? 0.1 : 0.04, lower: 0.15, upper: 0.03, pad: 0.05 };
  const email = address(r, p, 0.65, dup, tags, used);
  return {
    at: created(r, p, dup, -100, 300),
    tags,
    values: {
      firstname: mess(r, firstName(r, p, 0.75, tags), 'first', { ...odds, fold: 0.2 }, tags),
      lastname: mess(r, p.last, 'last', { ...odds, fold: 0.2 }, tags),
      email: emailOf(r, email, { plus: 0.08, plusWords: ['newsletter', 'webinar', 'events'], case: 0.1, pad: 0.02 }, tags),
      phone: r.chance(0.5) ? phoneOf(r, p, [['e164', 3], ['intl', 2], ['dotted', 2], ['digits', 2], ['dashed', 1]], tags) : '',
      company: p.company && r.chance(0.8) ? companyName(r, p.company, [['legal', 1], ['base', 4], ['stem', 3], ['lower', 3], ['typo', 1]], tags) : '',
      city: r.chance(0.55) ? cityOf(r, p, { lower: 0.2, pad: 0.04 }, tags) : '',
      country: r.chance(0.65) ? r.pick(COUNTRIES[p.country].names) : '',
    },
  };
}

export function zendeskRow(r, p, dup, used) {
  const tags = [];
  let first = mess(r, firstName(r, p, 0.7, tags), 'first', { typo: dup ? 0.1 : 0.03, fold: 0.25 }, tags);
  let last = p.last;
  // People who married since they were first in the CRM write in under the new surname.
  if (r.chance(0.01)) { last = r.common(COUNTRIES[p.country].last); if (last !== p.last) tags.push('last_changed'); }
  last = mess(r, last, 'last', { typo: dup ? 0.1 : 0.03, fold: 0.25 }, tags);
  const style = r.weighted([['full', 75], ['lower', 8], ['reversed', 5], ['initial', 4], ['first_only', 5], ['upper', 3]]);
  if (style !== 'full') tags.push(`name_${style}`);
  const name = {
    full: `${first} ${last}`, lower: `${first} ${last}`.toLowerCase(), reversed: `${last}, ${first}`,
    initial: `${first[0]}. ${last}`, first_only: first, upper: `${first} ${last}`.toUpperCase(),
  }[style];
  let email = '';
  if (r.chance(0.02)) tags.push('email_missing');
  else email = emailOf(r, address(r, p, 0.55, dup, tags, used), { plus: 0.05, plusWords: ['support', 'zd'], case: 0.08, pad: 0.02 }, tags);
  const [, timeZone] = p.city;
  return {
    at: created(r, p, dup, 30, 700),
    tags,
    values: {
      name,
      email,
      phone: r.chance(0.35) ? phoneOf(r, p, [['intl', 2], ['national', 2], ['e164', 1], ['intl00', 1], ['dashed', 1], ['digits', 1]], tags) : '',
      organization: p.company && r.chance(0.7) ? companyName(r, p.company, [['base', 4], ['stem', 4], ['lower', 1], ['legal', 1]], tags) : '',
      time_zone: r.chance(0.85) ? timeZone : 'UTC',
    },
  };
}
