import { describe, expect, it } from 'vitest';
import { MATCH_INDEX, prepareRecord, type PreparedRecord } from './prepare';
import { deriveProfile } from './profile';
import { spellingVariants } from './spelling-variants';

// A typo that a large table repeats is still a typo: "Psavel" four times next to "Pavel" 400
// times is one person's name mistyped, while "Jana" next to "Jan" is a name of its own.

describe('spellingVariants', () => {
  it('finds a spelling one edit from a far more frequent one, within the share the caller measured', () => {
    const counts = new Map([['pavel', 400], ['psavel', 4], ['jan', 300], ['jana', 150], ['petr', 200], ['petra', 190], ['pvael', 3]]);
    expect([...spellingVariants(counts, 0.05)].sort()).toEqual(['psavel', 'pvael']);
    // The same counts in a table whose odd spellings are rarer: four "Psavel"s are too many for a slip.
    expect([...spellingVariants(counts, 0.008)]).toEqual(['pvael']);
    expect(spellingVariants(counts, 0).size).toBe(0);
  });

  it('looks only at spellings carried by at least minCount records, finding the same among them', () => {
    const counts = new Map([['pavel', 400], ['psavel', 4], ['jan', 300], ['jana', 150], ['pvael', 3], ['pavle', 1]]);
    expect([...spellingVariants(counts, 0.05)].sort()).toEqual(['pavle', 'psavel', 'pvael']);
    expect([...spellingVariants(counts, 0.05, 4)]).toEqual(['psavel']);
  });
});

describe('the profile with repeated typos', () => {
  let seq = 0;
  const record = (first: string, last: string, email: string): PreparedRecord => prepareRecord({ source: 'crm', id: String(++seq), fields: { first_name: first, last_name: last, email } });

  /** A table where "Pavel" and "Eva" are common and a few records carry one-off given names (the table's rate of odd spellings). */
  function table(): PreparedRecord[] {
    const rows: PreparedRecord[] = [];
    for (let i = 0; i < 200; i++) rows.push(record('Pavel', `Dvorak${i}`, `pavel${i}@mail.cz`), record('Eva', `Horak${i}`, `eva${i}@mail.cz`));
    for (let i = 0; i < 40; i++) rows.push(record(`Odd${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, `Single${i}`, `odd${i}@mail.cz`));
    // "Psavel" three times elsewhere: beyond "at most two records", yet a slip of "Pavel".
    for (let i = 0; i < 3; i++) rows.push(record('Psavel', `Other${i}`, `psavel${i}@mail.cz`));
    return rows;
  }

  it('keeps an address seen with a name and its repeated typo one person\'s', () => {
    const rows = [...table(), record('Pavel', 'Kosouicky', 'pavel.kosouicky@firma.cz'), record('Psavel', 'Kosouicky', 'pavel.kosouicky@firma.cz')];
    const summary = deriveProfile(rows);
    expect(summary.sharedEmails).toBe(0);
    expect(rows.at(-1)!.match[MATCH_INDEX.email_personal]).toBe('pavel.kosouicky@firma.cz');
    expect(rows.at(-1)!.match[MATCH_INDEX.first_rare]).toBe('psavel');
  });

  it('still marks an address on two established names as shared', () => {
    const rows = [...table(), record('Pavel', 'Novak', 'novakovi@mail.cz'), record('Eva', 'Novakova', 'novakovi@mail.cz')];
    expect(deriveProfile(rows).sharedEmails).toBe(1);
  });
});
