// Scenario A's three CRM sources and their ground truth: which true person each row describes.
// Business contacts live mostly in Salesforce, consumers mostly in HubSpot and Zendesk, so the
// overlap between sources is uneven the way it is in real CRMs.
import { makeCompanies, makePerson, LAST_DAY } from './people.mjs';
import { hubspotRow, salesforceRow, zendeskRow } from './sources.mjs';

const PEOPLE = 1500;
const COMPANIES = 230;

export const SOURCES = [
  {
    id: 'in.c-salesforce.contacts', system: 'salesforce', render: salesforceRow, keyedByEmail: false,
    columns: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Account', 'MailingCity', 'MailingCountry', 'CreatedDate'],
    presence: { business: 0.62, consumer: 0.04 }, extra: [0.07, 0],
    description: 'Salesforce Contact object (keboola.ex-salesforce), full load. Sales-owned B2B contacts.',
    bucketDescription: 'Salesforce CRM (sample)',
  },
  {
    id: 'in.c-hubspot.contacts', system: 'hubspot', render: hubspotRow, keyedByEmail: true,
    columns: ['vid', 'firstname', 'lastname', 'email', 'phone', 'company', 'city', 'country', 'createdate'],
    presence: { business: 0.55, consumer: 0.55 }, extra: [0.1, 0.02],
    description: 'HubSpot contacts (keboola.ex-hubspot), properties as typed into forms; createdate in epoch milliseconds.',
    bucketDescription: 'HubSpot marketing (sample)',
  },
  {
    id: 'in.c-zendesk.users', system: 'zendesk', render: zendeskRow, keyedByEmail: true,
    columns: ['id', 'name', 'email', 'phone', 'organization', 'time_zone', 'created_at'],
    presence: { business: 0.33, consumer: 0.75 }, extra: [0.06, 0],
    description: 'Zendesk Support end users (keboola.ex-zendesk): ticket requesters, one name field.',
    bucketDescription: 'Zendesk Support (sample)',
  },
];

// Test records every CRM accumulates; each is its own entity.
const JUNK = {
  salesforce: [{ FirstName: 'Test', LastName: 'Test', Email: 'test@test.com' }, { FirstName: 'Do not use', LastName: 'Duplicate', Email: '' }, { FirstName: 'asdf', LastName: 'asdf', Email: 'asdf@asdf.com' }],
  hubspot: [{ firstname: 'test', lastname: 'test', email: 'test@example.com' }, { firstname: 'Jane', lastname: 'Doe', email: 'jane.doe@example.com' }, { firstname: '', lastname: '', email: 'qa+hubspot@example.org' }],
  zendesk: [{ name: 'Test User', email: 'test.user@example.com' }, { name: 'Support Agent (sandbox)', email: 'agent@example.org' }, { name: 'Caller', email: '' }],
};

export function crmTables(r) {
  const companies = makeCompanies(r, COMPANIES);
  const usedEmails = new Set();
  const people = Array.from({ length: PEOPLE }, (_, i) => makePerson(r, entityId(i + 1), companies, usedEmails));
  const raw = Object.fromEntries(SOURCES.map((s) => [s.system, []]));
  for (const p of people) {
    let present;
    do present = SOURCES.filter((s) => r.chance(s.presence[p.company ? 'business' : 'consumer']));
    while (present.length === 0);
    for (const source of present) {
      const copies = 1 + (r.chance(source.extra[0]) ? 1 + (r.chance(source.extra[1] / source.extra[0]) ? 1 : 0) : 0);
      const used = source.keyedByEmail ? new Set() : undefined;
      for (let k = 0; k < copies; k++) raw[source.system].push({ entity: p.id, ...source.render(r, p, k > 0, used) });
    }
  }
  let junkId = PEOPLE;
  for (const source of SOURCES) {
    for (const values of JUNK[source.system]) raw[source.system].push({ entity: entityId(++junkId), at: LAST_DAY - r.int(5, 900) * 86_400_000, tags: ['test_record'], values });
  }

  const tables = [];
  const truth = [];
  for (const source of SOURCES) {
    // Exports come in creation order; ids are assigned in that order, as the systems do.
    const rows = raw[source.system].map((row) => ({ ...row, tie: r.next() })).sort((a, b) => a.at - b.at || a.tie - b.tie);
    const ids = idMaker(r, source.system);
    const out = rows.map((row) => {
      const id = ids();
      truth.push({ source: source.id, row_id: id, entity_id: row.entity, corruptions: row.tags.join(' ') });
      return { ...row.values, ...stamp(source.system, id, row.at, row.values) };
    });
    tables.push({ ...source, primaryKey: [source.columns[0]], rows: out });
  }
  return { tables, truth, stats: statistics(truth) };
}

const entityId = (n) => `E${String(n).padStart(5, '0')}`;

function stamp(system, id, at, values) {
  if (system === 'salesforce') return { Id: id, CreatedDate: values.CreatedDate ?? new Date(at).toISOString().replace('Z', '+0000') };
  if (system === 'hubspot') return { vid: id, createdate: String(at) };
  return { id, created_at: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 18-character Salesforce ids (15 case-sensitive + the real 3-character checksum), HubSpot vids, Zendesk ids. */
function idMaker(r, system) {
  if (system === 'salesforce') {
    let n = 9_000_000;
    return () => {
      n += r.int(1, 180000);
      let tail = '';
      for (let v = n; tail.length < 5; v = Math.floor(v / 62)) tail = BASE62[v % 62] + tail;
      const id15 = `0035g00000${tail}`;
      let suffix = '';
      for (let i = 0; i < 3; i++) {
        let bits = 0;
        for (let j = 0; j < 5; j++) if (/[A-Z]/.test(id15[i * 5 + j])) bits |= 1 << j;
        suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[bits];
      }
      return id15 + suffix;
    };
  }
  let n = system === 'hubspot' ? 10_451 : 360_012_345_678;
  const step = system === 'hubspot' ? [1, 60] : [1_000_000, 400_000_000];
  return () => String((n += r.int(step[0], step[1])));
}

function statistics(truth) {
  const groups = new Map();
  for (const t of truth) {
    const g = groups.get(t.entity_id) ?? { rows: 0, bySource: new Map() };
    g.rows += 1;
    g.bySource.set(t.source, (g.bySource.get(t.source) ?? 0) + 1);
    groups.set(t.entity_id, g);
  }
  const all = [...groups.values()];
  const spanning = (n) => all.filter((g) => g.bySource.size === n).length;
  return {
    rows: truth.length,
    entities: all.length,
    bySourceCount: [1, 2, 3].map(spanning),
    withinSource: SOURCES.map((s) => ({ source: s.id, groups: all.filter((g) => (g.bySource.get(s.id) ?? 0) > 1).length })),
    pairs: all.reduce((sum, g) => sum + (g.rows * (g.rows - 1)) / 2, 0),
    largest: Math.max(...all.map((g) => g.rows)),
    testRecords: truth.filter((t) => t.corruptions === 'test_record').length,
  };
}
