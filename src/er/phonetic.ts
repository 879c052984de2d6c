// American Soundex (as in the US National Archives rules): a blocking key that puts
// "Smith"/"Smyth" and "Robert"/"Rupert" in one block so typos do not split true matches.

// Per letter a–z: its digit, VOWEL (a, e, i, o, u, y: separates equal codes) or SILENT (h, w: do not).
const VOWEL = 0;
const SILENT = 7;
const CODE = Uint8Array.from('01230127022455012623017202', (d) => Number(d));

/** Soundex of the letters of a comparison form ("robert" → "R163"); "" without letters. */
export function soundex(value: string): string {
  // Blocking keys every record by several Soundex codes; comparison forms are ASCII, where the
  // letters are read in place from a table. Anything else goes through toLowerCase (which maps
  // some non-ASCII letters, e.g. the Kelvin sign, to ASCII ones) first.
  const word = isAscii(value) ? value : value.toLowerCase();
  let code = '';
  let last = VOWEL;
  for (let i = 0; i < word.length && code.length < 4; i++) {
    let c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c < 97 || c > 122) continue;
    const digit = CODE[c - 97]!;
    if (code === '') {
      code = String.fromCharCode(c - 32);
      last = digit === SILENT ? VOWEL : digit;
    } else if (digit !== VOWEL && digit !== SILENT) {
      if (digit !== last) code += String.fromCharCode(48 + digit);
      last = digit;
    } else if (digit === VOWEL) {
      // Vowels separate equal codes ("Tymczak" → T522); h and w do not ("Ashcraft" → A261).
      last = VOWEL;
    }
  }
  return code === '' ? '' : code.padEnd(4, '0');
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 127) return false;
  return true;
}
