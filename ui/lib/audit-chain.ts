// The audit log's hash chain re-checked in the browser (spec §6): h_n = SHA-256(h_{n-1} ||
// canonical({seq, at, kind, call_id, data})), starting from 64 zeros. Independent of the server's
// own verification, so a tampering server cannot simply claim "verified".
import canonicalize from 'canonicalize';
import type { AuditEntry } from '../api/types';
import { sha256Hex } from './body-hash';

const GENESIS = '0'.repeat(64);

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; first_bad_seq: number; reason: string } | { ok: null; reason: string };

export async function verifyChain(entries: readonly AuditEntry[]): Promise<ChainCheck> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return { ok: null, reason: 'no WebCrypto on this page' };
  let prev = GENESIS;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const bad = (reason: string): ChainCheck => ({ ok: false, entries: entries.length, first_bad_seq: e.seq, reason });
    if (e.seq !== i + 1) return bad(`entry ${i + 1} is missing or out of order (found ${e.seq})`);
    if (e.prev_hash !== prev) return bad(`entry ${e.seq} does not link to the entry before it`);
    const hash = await sha256Hex(prev + (canonicalize({ seq: e.seq, at: e.at, kind: e.kind, call_id: e.call_id, data: e.data }) ?? 'null'));
    if (hash !== e.hash) return bad(`entry ${e.seq} does not hash to its recorded hash`);
    prev = e.hash;
  }
  return { ok: true, entries: entries.length };
}
