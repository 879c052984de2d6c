// Seeded synthetic people in the shape of the Febrl data (given name, surname, address,
// postcode, state, date of birth, social security id) with corrupted duplicates, for speed
// benchmarks beyond the 10,000 Febrl records and for tests that need a known ground truth.
import { seededRandom } from './random';
import type { SourceRecord } from './schema';

const GIVEN = [
  'james', 'john', 'robert', 'michael', 'william', 'david', 'richard', 'joseph', 'thomas', 'charles', 'daniel', 'matthew',
  'anthony', 'mark', 'steven', 'paul', 'andrew', 'joshua', 'kenneth', 'kevin', 'brian', 'george', 'timothy', 'ronald',
  'jason', 'edward', 'jeffrey', 'ryan', 'jacob', 'gary', 'nicholas', 'eric', 'jonathan', 'stephen', 'larry', 'justin',
  'scott', 'brandon', 'benjamin', 'samuel', 'gregory', 'alexander', 'patrick', 'frank', 'raymond', 'jack', 'dennis',
  'jerry', 'tyler', 'aaron', 'jose', 'adam', 'nathan', 'henry', 'zachary', 'douglas', 'peter', 'kyle', 'noah', 'ethan',
  'mary', 'patricia', 'jennifer', 'linda', 'elizabeth', 'barbara', 'susan', 'jessica', 'sarah', 'karen', 'lisa', 'nancy',
  'betty', 'sandra', 'margaret', 'ashley', 'kimberly', 'emily', 'donna', 'michelle', 'carol', 'amanda', 'melissa',
  'deborah', 'stephanie', 'dorothy', 'rebecca', 'sharon', 'laura', 'cynthia', 'amy', 'kathleen', 'angela', 'shirley',
  'brenda', 'emma', 'anna', 'pamela', 'nicole', 'samantha', 'katherine', 'christine', 'helen', 'debra', 'rachel',
  'carolyn', 'janet', 'maria', 'catherine', 'heather', 'diane', 'olivia', 'julie', 'joyce', 'victoria', 'ruth',
  'virginia', 'lauren', 'kelly', 'christina', 'joan', 'evelyn', 'judith', 'andrea', 'hannah', 'megan', 'cheryl',
  'jacqueline', 'martha', 'madison', 'teresa', 'gloria', 'sara', 'janice', 'ann', 'kathryn', 'abigail', 'sophia',
  'chloe', 'isabelle', 'mia', 'charlotte', 'lily', 'ella', 'grace', 'zoe', 'ruby', 'jasmine', 'kate', 'caitlin',
  'liam', 'lucas', 'mason', 'oliver', 'elijah', 'logan', 'harrison', 'cooper', 'lachlan', 'riley', 'jayden', 'hamish',
];
const SYLLABLES_A = ['mac', 'ber', 'car', 'dal', 'fer', 'gil', 'har', 'kel', 'lan', 'mor', 'nor', 'pen', 'ros', 'sal', 'tal', 'wal', 'bro', 'cla', 'dun', 'fin', 'gra', 'hol', 'jen', 'kin', 'lin', 'mar', 'nel', 'par', 'ran', 'ste'];
const SYLLABLES_B = ['ton', 'son', 'ley', 'man', 'field', 'wood', 'ford', 'well', 'ham', 'by', 'den', 'er', 'ing', 'kins', 'lock', 'more', 'ridge', 'ster', 'ville', 'worth', 'ell', 'ett', 'ick', 'ow', 'ard'];
const STREET_TYPES = ['street', 'road', 'avenue', 'place', 'crescent', 'circuit', 'close', 'drive', 'court', 'parade', 'terrace', 'way'];
const STATES = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt'];
const STATE_WEIGHTS = [34, 25, 19, 9, 8, 3, 1, 1];

export type SyntheticOptions = {
  /** Total rows, originals and duplicates together. */
  rows: number;
  /** Share of rows that are duplicates of an earlier original. Default 0.3. */
  duplicateShare?: number;
  seed?: number;
  source?: string;
};

export type SyntheticRecord = SourceRecord & { truth: string };

/** People with a `truth` entity number per row; duplicates carry Febrl-like corruptions. */
export function syntheticPeople(options: SyntheticOptions): SyntheticRecord[] {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Zipf-like skew: a few surnames are common, most are rare, as in real populations.
  const skewed = <T>(list: readonly T[]): T => list[Math.floor(list.length * random() ** 1.5)]!;
  const surnames = SYLLABLES_A.flatMap((a) => SYLLABLES_B.map((b) => a + b));
  // Places are drawn from the same syllables but combined three deep, so there are thousands
  // of them, as in a real country, and two strangers rarely share a street by chance.
  const streets = surnames.flatMap((s, i) => [s, `${s}${SYLLABLES_B[i % SYLLABLES_B.length]}`]);
  const suburbs = surnames.flatMap((s, i) => ['', ' heights', ' park', ' hills', ' vale'].map((suffix, k) => `${SYLLABLES_A[(i + k) % SYLLABLES_A.length]}${s}${suffix}`));
  const weighted = (): string => {
    let r = random() * 100;
    for (let i = 0; i < STATES.length; i++) if ((r -= STATE_WEIGHTS[i]!) < 0) return STATES[i]!;
    return 'nsw';
  };

  const originals = Math.max(1, Math.round(options.rows * (1 - (options.duplicateShare ?? 0.3))));
  const rows: SyntheticRecord[] = [];
  const people: Record<string, string>[] = [];
  const idOffset = Math.floor(random() * 9_000_000);
  for (let n = 0; n < originals; n++) {
    const year = 1920 + Math.floor(random() * 85);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const person = {
      given_name: skewed(GIVEN),
      surname: skewed(surnames),
      street_number: String(1 + Math.floor(random() ** 1.5 * 400)),
      address_1: `${pick(streets)} ${pick(STREET_TYPES)}`,
      suburb: pick(suburbs),
      postcode: String(2000 + Math.floor(random() * 5000)).padStart(4, '0'),
      state: weighted(),
      date_of_birth: `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`,
      // Unique like a real social security number: n ↦ n·7919 mod 9,000,000 is a bijection.
      soc_sec_id: String(1_000_000 + ((n * 7919 + idOffset) % 9_000_000)),
    };
    people.push(person);
    rows.push(toRecord(person, options.source ?? 'synthetic', `rec-${n}-org`, n));
  }
  for (let k = 0; rows.length < options.rows; k++) {
    const n = Math.floor(random() * originals);
    rows.push(toRecord(corrupt(people[n]!, random), options.source ?? 'synthetic', `rec-${n}-dup-${k}`, n));
  }
  // Shuffle so duplicates are not adjacent to their originals (Fisher-Yates).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

function toRecord(p: Record<string, string>, source: string, id: string, truth: number): SyntheticRecord {
  return {
    source,
    id,
    truth: String(truth),
    fields: {
      first_name: p.given_name, last_name: p.surname, street_number: p.street_number, address_1: p.address_1,
      city: p.suburb, postcode: p.postcode, state: p.state, dob: p.date_of_birth, national_id: p.soc_sec_id,
    },
  };
}

/** Up to three corruptions per duplicate: typos, a missing value, swapped names. */
function corrupt(person: Record<string, string>, random: () => number): Record<string, string> {
  const copy = { ...person };
  const fields = Object.keys(copy);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const kind = random();
    const field = fields[Math.floor(random() * fields.length)]!;
    if (kind < 0.1) [copy.given_name, copy.surname] = [copy.surname!, copy.given_name!];
    else if (kind < 0.25) copy[field] = '';
    else copy[field] = typo(copy[field]!, random);
  }
  return copy;
}

function typo(value: string, random: () => number): string {
  if (value === '') return value;
  const i = Math.floor(random() * value.length);
  const letter = /\d/.test(value[i]!) ? String(Math.floor(random() * 10)) : String.fromCharCode(97 + Math.floor(random() * 26));
  const kind = random();
  if (kind < 0.3) return value.slice(0, i) + letter + value.slice(i + 1);
  if (kind < 0.55) return value.slice(0, i) + letter + value.slice(i);
  if (kind < 0.8 && value.length > 2) return value.slice(0, i) + value.slice(i + 1);
  if (i + 1 < value.length) return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  return value;
}
