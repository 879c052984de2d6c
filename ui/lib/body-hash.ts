// The approval's body hash, recomputed in the browser (spec §6): SHA-256 over the RFC 8785
// canonical JSON of the payload the approver is shown. A ✓ means what you read is what you sign.
import canonicalize from 'canonicalize';

export type HashCheck = 'checking' | 'verified' | 'mismatch' | 'unavailable';

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `unavailable` where WebCrypto is missing (a page served over plain http from another host). */
export async function checkBodyHash(payload: unknown, bodyHash: string): Promise<Exclude<HashCheck, 'checking'>> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return 'unavailable';
  const canonical = canonicalize(payload);
  if (canonical === undefined) return 'mismatch';
  return (await sha256Hex(canonical)) === bodyHash.toLowerCase() ? 'verified' : 'mismatch';
}

/** `ec5db4ea97e7…80b80b`: enough to compare by eye, short enough for a grid cell. */
export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 12)}…${hash.slice(-6)}` : hash;
}
