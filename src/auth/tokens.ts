/** User tokens are random and only their SHA-256 is stored (spec §8). */
const USER_TOKEN_PREFIX = 'ast_';

export function newUserToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return USER_TOKEN_PREFIX + base64url(bytes);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function randomId(prefix: string, bytes = 9): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  // Lowercase base32 keeps ids URL- and slug-safe.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of raw) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `${prefix}_${out}`;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
