// American Soundex (as in the US National Archives rules): a blocking key that puts
// "Smith"/"Smyth" and "Robert"/"Rupert" in one block so typos do not split true matches.
const CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
};

/** Soundex of the letters of a comparison form ("robert" → "R163"); "" without letters. */
export function soundex(value: string): string {
  // Blocking keys every record by several Soundex codes; comparison forms are ASCII, where the
  // letters are read in place. Anything else goes through toLowerCase (which maps some non-ASCII
  // letters, e.g. the Kelvin sign, to ASCII ones) first.
  const word = /^[\x00-\x7f]*$/.test(value) ? value : value.toLowerCase();
  let code = '';
  let last = '';
  for (let i = 0; i < word.length && code.length < 4; i++) {
    let c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c < 97 || c > 122) continue;
    const ch = String.fromCharCode(c);
    const digit = CODES[ch];
    if (code === '') {
      code = ch.toUpperCase();
      last = digit ?? '';
    } else if (digit) {
      if (digit !== last) code += digit;
      last = digit;
    } else if (ch !== 'h' && ch !== 'w') {
      // Vowels separate equal codes ("Tymczak" → T522); h and w do not ("Ashcraft" → A261).
      last = '';
    }
  }
  return code === '' ? '' : code.padEnd(4, '0');
}
