// Jaro and Jaro-Winkler similarity (Winkler 1990, as in the reference strcmp95 and in
// jellyfish / Apache Commons Text): half-transpositions are counted with integer division and
// the prefix bonus (up to 4 characters, scale 0.1) applies only when the Jaro score exceeds 0.7.
// sql-sqlite.ts computes the same formula in SQL, in the same order of floating-point
// operations, so a threshold gives identical answers in memory and in the database.

// Scratch state reused across calls (comparisons run millions of times): per position of s2,
// the call that matched it — a fresh stamp per call instead of clearing flags — and the matched
// characters of s1 in order, which is all the transposition count needs of s1.
let taken = new Int32Array(64);
let matched = new Uint16Array(64);
let stamp = 0;

/** Jaro similarity; 0 as soon as fewer than `minMatches` characters can still match. */
export function jaro(s1: string, s2: string, minMatches = 0): number {
  const l1 = s1.length;
  const l2 = s2.length;
  if (l1 === 0 || l2 === 0) return 0;
  if (s1 === s2) return 1;
  if (taken.length < l2) taken = new Int32Array(l2 * 2);
  if (matched.length < l1) matched = new Uint16Array(l1 * 2);
  if (stamp === 0x7fffffff) {
    taken.fill(0);
    stamp = 0;
  }
  const call = ++stamp;
  const window = Math.max(0, Math.floor(Math.max(l1, l2) / 2) - 1);

  let matches = 0;
  for (let i = 0; i < l1; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window < l2 - 1 ? i + window : l2 - 1;
    const c = s1.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (taken[j] !== call && s2.charCodeAt(j) === c) {
        taken[j] = call;
        matched[matches++] = c;
        break;
      }
    }
    if (matches + (l1 - 1 - i) < minMatches) return 0;
  }
  if (matches === 0) return 0;

  // s1's and s2's matched characters, each in order: pairs that differ are half-transpositions.
  let mismatched = 0;
  for (let j = 0, k = 0; k < matches; j++) {
    if (taken[j] !== call) continue;
    if (s2.charCodeAt(j) !== matched[k]) mismatched++;
    k++;
  }
  const transpositions = Math.floor(mismatched / 2);
  return (matches / l1 + matches / l2 + (matches - transpositions) / matches) / 3;
}

/**
 * Jaro-Winkler similarity. With `floor`, a pair that cannot reach it returns 0 early instead of
 * its exact score: most candidate pairs' names have little in common, and callers that only ask
 * "at least the threshold?" (match.ts) get the same answer.
 */
export function jaroWinkler(s1: string, s2: string, floor = 0): number {
  const limit = Math.min(4, s1.length, s2.length);
  let prefix = 0;
  while (prefix < limit && s1.charCodeAt(prefix) === s2.charCodeAt(prefix)) prefix++;
  const j = jaro(s1, s2, floor > 0 ? minMatches(s1.length, s2.length, prefix, floor) : 0);
  if (j <= 0.7) return j;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * The fewest matching characters with which the score can still reach `floor`: with m matches
 * and no transpositions Jaro is u = (m/l1 + m/l2 + 1)/3, and the prefix bonus makes it at most
 * u + 0.1·prefix·(1 − u). Rounded down by a hair, so float error can only make it more lenient.
 */
function minMatches(l1: number, l2: number, prefix: number, floor: number): number {
  if (l1 === 0 || l2 === 0) return 0;
  const bonus = 0.1 * prefix;
  const u = (floor - bonus) / (1 - bonus);
  return Math.ceil((3 * u - 1) / (1 / l1 + 1 / l2) - 1e-9);
}
