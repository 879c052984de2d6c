import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** RFC 8785 canonical JSON: the same value always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}

/** Synchronous SHA-256 (hex), so hash chains never interleave across awaits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * What an approval binds to (spec §6): the exact call — tool, connection, arguments, run and call
 * id — and the etag of each workspace file the call reads (its content is an argument too).
 */
export type CallPayload = { tool_id: string; connection: string | null; args: unknown; run_id: string; call_id: string; files?: Record<string, string> };

export function bodyHash(payload: CallPayload): string {
  return sha256Hex(canonicalJson(payload));
}
