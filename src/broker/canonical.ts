import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';

/** RFC 8785 canonical JSON: the same value always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}

/**
 * Synchronous SHA-256 (hex), so hash chains never interleave across awaits; workerd's node:crypto
 * (native, with nodejs_compat) is about four times faster than a JavaScript implementation, and
 * its one-shot `hash` half the cost of `createHash` (no stream object per call).
 */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * What an approval binds to (spec §6): the exact call — tool, connection, arguments, run and call
 * id — and the etag of each workspace file the call reads (its content is an argument too).
 */
export type CallPayload = { tool_id: string; connection: string | null; args: unknown; run_id: string; call_id: string; files?: Record<string, string> };

export function bodyHash(payload: CallPayload): string {
  return sha256Hex(canonicalJson(payload));
}

/** A value's fingerprint in the audit log (the value itself may be large or sensitive). */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
