// Jaro and Jaro-Winkler similarity (Winkler 1990, as in the reference strcmp95 and in
// jellyfish / Apache Commons Text): half-transpositions are counted with integer division and
// the prefix bonus (up to 4 characters, scale 0.1) applies only when the Jaro score exceeds 0.7.
// sql-sqlite.ts computes the same formula in SQL, in the same order of floating-point
// operations, so a threshold gives identical answers in memory and in the database.

// Scratch flags reused across calls: comparisons run millions of times and allocating two
// arrays per call would dominate the cost for short strings.
let flags1 = new Uint8Array(64);
let flags2 = new Uint8Array(64);

export function jaro(s1: string, s2: string): number {
  const l1 = s1.length;
  const l2 = s2.length;
  if (l1 === 0 || l2 === 0) return 0;
  if (s1 === s2) return 1;
  if (flags1.length < l1) flags1 = new Uint8Array(l1 * 2);
  if (flags2.length < l2) flags2 = new Uint8Array(l2 * 2);
  flags1.fill(0, 0, l1);
  flags2.fill(0, 0, l2);
  const window = Math.max(0, Math.floor(Math.max(l1, l2) / 2) - 1);

  let matches = 0;
  for (let i = 0; i < l1; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(l2 - 1, i + window);
    const c = s1.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flags2[j] === 0 && s2.charCodeAt(j) === c) {
        flags1[i] = 1;
        flags2[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let mismatched = 0;
  for (let i = 0, k = 0; i < l1; i++) {
    if (flags1[i] === 0) continue;
    while (flags2[k] === 0) k++;
    if (s1.charCodeAt(i) !== s2.charCodeAt(k)) mismatched++;
    k++;
  }
  const transpositions = Math.floor(mismatched / 2);
  return (matches / l1 + matches / l2 + (matches - transpositions) / matches) / 3;
}

export function jaroWinkler(s1: string, s2: string): number {
  const j = jaro(s1, s2);
  if (j <= 0.7) return j;
  const limit = Math.min(4, s1.length, s2.length);
  let prefix = 0;
  while (prefix < limit && s1.charCodeAt(prefix) === s2.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}
