// American Soundex (as in the US National Archives rules): a blocking key that puts
// "Smith"/"Smyth" and "Robert"/"Rupert" in one block so typos do not split true matches.
const CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
};

/** Soundex of the letters of a comparison form ("robert" → "R163"); "" without letters. */
export function soundex(value: string): string {
  const word = value.toLowerCase().replace(/[^a-z]/g, '');
  if (word === '') return '';
  let code = word[0]!.toUpperCase();
  let last = CODES[word[0]!] ?? '';
  for (let i = 1; i < word.length && code.length < 4; i++) {
    const ch = word[i]!;
    const digit = CODES[ch];
    if (digit) {
      if (digit !== last) code += digit;
      last = digit;
    } else if (ch !== 'h' && ch !== 'w') {
      // Vowels separate equal codes ("Tymczak" → T522); h and w do not ("Ashcraft" → A261).
      last = '';
    }
  }
  return code.padEnd(4, '0');
}
