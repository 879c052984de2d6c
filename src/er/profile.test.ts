import { describe, expect, it } from 'vitest';
import { compileMatcher } from './match';
import { isRoleEmail } from './normalize-email';
import { MATCH_INDEX, prepareRecord, type PreparedRecord } from './prepare';
import { deriveProfile } from './profile';
import { DEFAULT_RULES } from './rules';
import type { SourceRecord } from './schema';

// Issue 14: a shared value (role mailbox, an address or phone several people use) is never enough
// on its own, and name + employer needs a name the data shows as distinctive there.

let seq = 0;
const record = (fields: SourceRecord['fields']): PreparedRecord => prepareRecord({ source: 'crm', id: String(++seq), fields }, { defaultCountryCode: '1' });
const matcher = compileMatcher(DEFAULT_RULES);
const rulesFor = (a: PreparedRecord, b: PreparedRecord): string[] => {
  const mask = matcher.match(a, b);
  return DEFAULT_RULES.filter((_, i) => mask & (1 << i)).map((r) => r.id);
};

/** Unrelated people, so the given names used below are established in the table (not typos). */
function background(): PreparedRecord[] {
  const given = ['John', 'Mary', 'Peter', 'Anna', 'Jan', 'Eva'];
  const family = ['Adler', 'Brook', 'Crane', 'Dorn', 'Eliot', 'Frost', 'Grove', 'Hale'];
  return given.flatMap((g, i) => family.map((f, j) => record({ first_name: g, last_name: `${f}${i}${j}`, email: `${g}.${f}${i}${j}@mail${i}${j}.com` })));
}

describe('role mailboxes', () => {
  it('are recognised by the maintained list, in several languages and with a department tag', () => {
    for (const email of ['info@acme.com', 'sales@acme.com', 'office@acme.cz', 'hello@acme.io', 'support@acme.com', 'billing@acme.com', 'fakturace@firma.cz', 'vertrieb@firma.de', 'customer-service@acme.com', 'info2@acme.com', 'sales.emea@acme.com', 'info-cz@acme.com']) {
      expect(isRoleEmail(email), email).toBe(true);
    }
    for (const email of ['john.smith@acme.com', 'jsmith@acme.com', 'martin@acme.com', 'salesforce.admin.jane@acme.com', 'anna.info@acme.com']) expect(isRoleEmail(email), email).toBe(false);
    // Seen on one record only, a role mailbox is still nobody's personal address.
    const table = [...background(), record({ first_name: 'John', last_name: 'Quist', email: 'sales@acme.com' })];
    deriveProfile(table);
    expect(table.at(-1)!.match[MATCH_INDEX.email_personal]).toBe('');
  });

  it('are not enough on their own: two people on info@ stay apart, one person on it still matches with a distinctive name', () => {
    const table = [...background(), record({ first_name: 'John', last_name: 'Quist', email: 'info@acme.com' }), record({ first_name: 'Mary', last_name: 'Quist', email: 'info@acme.com' }), record({ first_name: 'Jon', last_name: 'Quist', email: 'INFO@acme.com' })];
    deriveProfile(table);
    const [john, mary, jon] = table.slice(-3) as [PreparedRecord, PreparedRecord, PreparedRecord];
    expect(john.match[MATCH_INDEX.email_personal]).toBe('');
    expect(rulesFor(john, mary)).not.toContain('email');
    expect(rulesFor(john, jon)).toContain('email');
  });

  it('are not taken for shared when one given name is the other cut short ("Chris" / "Christine"), but are for a name of its own ("Jan" / "Jana")', () => {
    const established = ['Chris', 'Christine', 'Jana'].flatMap((g) => [1, 2, 3].map((i) => record({ first_name: g, last_name: `Known${g}${i}`, email: `${g}${i}@known.com` })));
    const table = [...background(), ...established, record({ first_name: 'Christine', last_name: 'Dalow', email: 'cdalow@redpeak.com' }), record({ first_name: 'Chris', last_name: 'Dalow', email: 'cdalow@redpeak.com' }), record({ first_name: 'Jan', last_name: 'Berg', email: 'berg@mail.com' }), record({ first_name: 'Jana', last_name: 'Berg', email: 'berg@mail.com' })];
    const summary = deriveProfile(table);
    const [christine, chris, jan, jana] = table.slice(-4) as [PreparedRecord, PreparedRecord, PreparedRecord, PreparedRecord];
    expect(summary.sharedEmails).toBe(1);
    expect(christine.match[MATCH_INDEX.email_personal]).toBe('cdalow@redpeak.com');
    expect(rulesFor(christine, chris)).toContain('email');
    expect(jan.match[MATCH_INDEX.email_personal]).toBe('');
    expect(rulesFor(jan, jana)).not.toContain('email');
  });

  it('are also found from the data: an unlisted address on records of two different people is shared', () => {
    const table = [...background(), record({ first_name: 'Peter', last_name: 'Lund', email: 'lund.family@mail.com' }), record({ first_name: 'Anna', last_name: 'Lund', email: 'lund.family@mail.com' })];
    const summary = deriveProfile(table);
    const [peter, anna] = table.slice(-2) as [PreparedRecord, PreparedRecord];
    expect(summary.sharedEmails).toBe(1);
    expect(peter.match[MATCH_INDEX.email_personal]).toBe('');
    expect(rulesFor(peter, anna)).toEqual([]);
    // An address seen with one person's name variants only stays personal.
    const alone = [...background(), record({ first_name: 'Peter', last_name: 'Lund', email: 'p.lund@mail.com' }), record({ first_name: 'Pete', last_name: 'Lund', email: 'p.lund@mail.com' })];
    deriveProfile(alone);
    expect(alone.at(-1)!.match[MATCH_INDEX.email_personal]).toBe('p.lund@mail.com');
    expect(rulesFor(alone.at(-2)!, alone.at(-1)!)).toContain('email');
  });
});

describe('name + company needs a distinctive name', () => {
  /** A company of `size` people where Jan and Novák are frequent, plus the pair under test. */
  function company(size: number, pair: [SourceRecord['fields'], SourceRecord['fields']], names = { given: ['Jan', 'Jan', 'Petr', 'Eva', 'Jana', 'Tomas'], family: ['Novak', 'Novak', 'Svoboda', 'Dvorak', 'Cerny', 'Kral'] }): [PreparedRecord, PreparedRecord] {
    const people: PreparedRecord[] = [];
    const { given, family } = names;
    for (let i = 0; i < size; i++) {
      const [g, f] = [given[i % given.length]!, family[(i * 7 + 3) % family.length]!];
      // Different full names only: the pair below is the one Jan Novák at issue.
      if (g === 'Jan' && f === 'Novak') continue;
      people.push(record({ first_name: g, last_name: f, company: 'Stonemark Energy s.r.o.', email: `${g}.${f}.${i}@stonemark.cz` }));
    }
    const a = record(pair[0]);
    const b = record(pair[1]);
    deriveProfile([...background(), ...people, a, b]);
    return [a, b];
  }

  it('keeps namesakes apart at an employer where the name is common', () => {
    const [a, b] = company(120, [
      { first_name: 'Jan', last_name: 'Novak', company: 'Stonemark Energy', email: 'jan.novak@seznam.cz' },
      { first_name: 'Jan', last_name: 'Novak', company: 'Stonemark Energy s.r.o.', email: 'jan.novak@stonemark.cz' },
    ]);
    expect(a.match[MATCH_INDEX.name_distinct]).toBe('');
    expect(rulesFor(a, b)).not.toContain('name_company');
  });

  it('joins the same pair of fields when the name is distinctive there', () => {
    const [a, b] = company(120, [
      { first_name: 'Xaver', last_name: 'Quist', company: 'Stonemark Energy', email: 'xaver.quist@seznam.cz' },
      { first_name: 'Xaver', last_name: 'Quist', company: 'Stonemark Energy s.r.o.', email: 'xaver.quist@stonemark.cz' },
    ]);
    expect(a.match[MATCH_INDEX.name_distinct]).toBe('1');
    expect(rulesFor(a, b)).toContain('name_company');
  });

  it('measures commonness from the data, not a list: Jan Novák is distinctive where the table has few Jans and Nováks', () => {
    const [a, b] = company(
      120,
      [
        { first_name: 'Jan', last_name: 'Novak', company: 'Stonemark Energy', email: 'jan.novak@seznam.cz' },
        { first_name: 'Jan', last_name: 'Novak', company: 'Stonemark Energy s.r.o.', email: 'jan.novak@stonemark.cz' },
      ],
      { given: ['Hans', 'Uwe', 'Petra', 'Karin', 'Jurgen', 'Heike'], family: ['Muller', 'Schmidt', 'Weber', 'Wagner', 'Becker', 'Hoffmann'] },
    );
    expect(a.match[MATCH_INDEX.name_distinct]).toBe('1');
    expect(rulesFor(a, b)).toContain('name_company');
  });
});

describe('same rare name (name_rare)', () => {
  /** A table of `n` people with varied names: 40 given names × many family names, each person once. */
  function crowd(n: number): PreparedRecord[] {
    const given = Array.from({ length: 40 }, (_, i) => `Given${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    return Array.from({ length: n }, (_, i) => record({ first_name: given[i % 40]!, last_name: `Family${i}x`, email: `p${i}@mail${i % 97}.com` }));
  }
  const person = (fields: SourceRecord['fields']) => record({ first_name: 'William', last_name: 'Quixley', ...fields });

  it('joins one person\'s rows that share nothing but a rare name, in either order and with a nickname', () => {
    const rows = [person({ email: 'bq1970@gmail.com' }), person({ email: 'b.quixley@acme.com', company: 'Acme' }), record({ first_name: 'Quixley', last_name: 'Bill', phone: '+1 202 555 0101' })];
    deriveProfile([...crowd(1200), ...rows]);
    expect(rulesFor(rows[0]!, rows[1]!)).toContain('name_rare');
    expect(rulesFor(rows[0]!, rows[2]!)).toContain('name_rare');
  });

  it('does not join them in a table too small to show the name is rare, or when employers, dates of birth or work mailboxes disagree', () => {
    const small = [person({ email: 'bq1970@gmail.com' }), person({ email: 'b.quixley@acme.com', company: 'Acme' })];
    deriveProfile([...crowd(300), ...small]);
    expect(rulesFor(small[0]!, small[1]!)).not.toContain('name_rare');

    const rows = [person({ company: 'Acme', email: 'bq@gmail.com' }), person({ company: 'Globex' }), person({ dob: '1970-01-02' }), person({ dob: '1981-07-09' }), person({ email: 'b.quixley@initech.com' }), person({ email: 'bart.q@initech.com' })];
    deriveProfile([...crowd(1200), ...rows]);
    expect(rulesFor(rows[0]!, rows[1]!)).not.toContain('name_rare');
    expect(rulesFor(rows[2]!, rows[3]!)).not.toContain('name_rare');
    expect(rulesFor(rows[4]!, rows[5]!)).not.toContain('name_rare');
  });

  it('matches nothing when the name is common in the table: its given and family names are frequent among other people', () => {
    const smiths = Array.from({ length: 40 }, (_, i) => record({ first_name: `Other${String.fromCharCode(97 + (i % 26))}${i}`, last_name: 'Smith', email: `s${i}@mail.com` }));
    const pair = [record({ first_name: 'Givenaa', last_name: 'Smith', email: 'gs@gmail.com' }), record({ first_name: 'Givenaa', last_name: 'Smith', email: 'g.smith@acme.com', company: 'Acme' })];
    deriveProfile([...crowd(1200), ...smiths, ...pair]);
    expect(rulesFor(pair[0]!, pair[1]!)).not.toContain('name_rare');
    // The same two rows with a name nobody else shares do match: the name's commonness decided.
    const rare = [record({ first_name: 'Givenaa', last_name: 'Quixley', email: 'gq@gmail.com' }), record({ first_name: 'Givenaa', last_name: 'Quixley', email: 'g.quixley@acme.com', company: 'Acme' })];
    deriveProfile([...crowd(1200), ...smiths, ...rare]);
    expect(rulesFor(rare[0]!, rare[1]!)).toContain('name_rare');
  });
});

describe('a switchboard', () => {
  it('places a record that names no employer at the employer whose number it carries, so a name common in the table can still be distinctive there', () => {
    // "William" and "Turner" are frequent in the table: William Turner is common there.
    const crowd = Array.from({ length: 12 }, (_, i) => [record({ first_name: 'William', last_name: `Crowd${i}` }), record({ first_name: `Crowd${i}`, last_name: 'Turner' })]).flat();
    const switchboard = '+44 20 3657 2427';
    const colleagues = ['Anna', 'Peter', 'Mary'].map((g) => record({ first_name: g, last_name: 'Colleague', company: 'Polarwave Software', phone: switchboard }));
    const atWork = record({ first_name: 'William', last_name: 'Turner', company: 'Polarwave Software', phone: switchboard, email: 'william_turner@polarwave.co.uk' });
    const atHome = record({ first_name: 'William', last_name: 'Turner', phone: switchboard, email: 'wturner66@outlook.com' });
    const table = [...background(), ...crowd, ...colleagues, atWork, atHome];
    deriveProfile(table);
    expect(atHome.match[MATCH_INDEX.phone_personal]).toBe('');
    expect(atHome.match[MATCH_INDEX.name_distinct]).toBe('1');
    expect(rulesFor(atWork, atHome)).toContain('phone');
    // A household line (no employer on its records) leaves the table's commonness in force.
    const home = '+44 20 7000 1234';
    const household = [record({ first_name: 'Anna', last_name: 'Turner', phone: home }), record({ first_name: 'William', last_name: 'Turner', phone: home, email: 'w.t@mail.com' }), record({ first_name: 'William', last_name: 'Turner', phone: home, email: 'bill77@mail.com' })];
    deriveProfile([...background(), ...crowd, ...household]);
    expect(household[2]!.match[MATCH_INDEX.name_distinct]).toBe('');
    expect(rulesFor(household[1]!, household[2]!)).not.toContain('phone');
  });
});
