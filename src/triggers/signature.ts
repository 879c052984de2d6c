import { WebhookAuthError } from './errors';

/**
 * Standard Webhooks (https://www.standardwebhooks.com, spec §8): the sender signs
 * `<webhook-id>.<webhook-timestamp>.<raw body>` with HMAC-SHA256 under the base64 key after
 * `whsec_`, and sends `webhook-signature: v1,<base64>` — several space-separated during a key
 * rotation. The timestamp bounds how long a captured request stays replayable; the id
 * de-duplication (webhook_deliveries, src/triggers/store.ts) covers replays inside that window.
 */

export const SECRET_PREFIX = 'whsec_';
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
const SECRET_BYTES = 32;
const MAX_ID_LENGTH = 256;

export type WebhookHeaders = { id?: string; timestamp?: string; signature?: string };

/** A fresh secret in the Standard Webhooks format, `whsec_<base64 of 32 random bytes>`. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

export async function hmacKey(secret: string): Promise<CryptoKey> {
  const raw = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/**
 * Throws WebhookAuthError unless the headers are present, the timestamp is within the tolerance of
 * `now` in either direction, and one `v1` signature verifies. Returns the message id and its time.
 */
export async function verifyWebhook(secret: string, headers: WebhookHeaders, body: string, now: Date): Promise<{ id: string; timestamp: number }> {
  const { id, timestamp, signature } = headers;
  const missing = Object.entries({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0 || !id || !timestamp || !signature) {
    throw new WebhookAuthError('webhook_headers_missing', `Missing Standard Webhooks header(s): ${missing.join(', ')}`, { missing });
  }
  // Ids are remembered for de-duplication, so a sender may not make us store arbitrary text.
  if (id.length > MAX_ID_LENGTH || !/^[\x21-\x7e]+$/.test(id)) throw new WebhookAuthError('webhook_id_invalid', `webhook-id must be at most ${MAX_ID_LENGTH} printable ASCII characters`);
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookAuthError('webhook_timestamp_invalid', 'webhook-timestamp must be Unix seconds');
  const seconds = Number(timestamp);
  const skew = Math.floor(now.getTime() / 1000) - seconds;
  if (Math.abs(skew) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new WebhookAuthError(
      'webhook_timestamp_out_of_tolerance',
      `webhook-timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'in the past' : 'in the future'}; at most ${TIMESTAMP_TOLERANCE_SECONDS} s either way is accepted`,
      { tolerance_seconds: TIMESTAMP_TOLERANCE_SECONDS },
    );
  }
  const key = await hmacKey(secret);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  for (const candidate of signature.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const bytes = tryBase64(value);
    // subtle.verify compares in constant time, so a near-miss takes as long as a far one.
    if (bytes && (await crypto.subtle.verify('HMAC', key, bytes, signed))) return { id, timestamp: seconds };
  }
  throw new WebhookAuthError('webhook_signature_invalid', 'No v1 signature in webhook-signature matches the trigger secret over "<webhook-id>.<webhook-timestamp>.<body>"');
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function tryBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return fromBase64(text);
  } catch {
    return null;
  }
}
