import type { ResolvedSecret } from './entry';

/**
 * Scrubbing of secret values from anything a tool returns (spec §6 "Secrets": "any occurrence of
 * a secret value in a tool output is masked before it is stored or shown"). Tools echo what they
 * were given in many shapes — JSON bodies inside strings, Basic-auth headers, query strings — so each
 * secret is searched for in every form a careless echo is likely to take, not just verbatim.
 */

type Needle = { text: string; name: string };

// Below this a partial base64 run is too short to be evidence of the secret (false positives).
const MIN_BASE64_CORE = 8;

/**
 * Deep copy of `value` with every occurrence of every secret (in strings, object keys, and numbers
 * whose digits contain one) replaced by `[secret:<name>]`. Overlapping occurrences are merged and
 * labelled with the longest secret, so a short secret inside a longer one never leaves a fragment.
 * A masked number becomes a string: leaking nothing matters more than keeping its type.
 */
export function maskSecrets<T>(value: T, secrets: readonly ResolvedSecret[]): T {
  const needles = secrets.flatMap(needlesFor);
  if (needles.length === 0) return value;
  return maskValue(value, needles) as T;
}

function maskValue(value: unknown, needles: readonly Needle[]): unknown {
  if (typeof value === 'string') return maskText(value, needles);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    const masked = maskText(text, needles);
    return masked === text ? value : masked;
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, needles));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[maskText(key, needles)] = maskValue(item, needles);
    return out;
  }
  return value;
}

/** One pass over the original text, so a placeholder is never itself matched by a later needle. */
function maskText(text: string, needles: readonly Needle[]): string {
  const hits: { start: number; end: number; name: string }[] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle.text); at !== -1; at = text.indexOf(needle.text, at + 1)) {
      hits.push({ start: at, end: at + needle.text.length, name: needle.name });
    }
  }
  if (hits.length === 0) return text;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  let region = hits[0]!;
  let longest = region.end - region.start;
  const flush = () => {
    out += `${text.slice(cursor, region.start)}[secret:${region.name}]`;
    cursor = region.end;
  };
  for (const hit of hits.slice(1)) {
    if (hit.start < region.end) {
      if (hit.end - hit.start > longest) {
        longest = hit.end - hit.start;
        region = { ...region, name: hit.name };
      }
      region = { ...region, end: Math.max(region.end, hit.end) };
    } else {
      flush();
      region = hit;
      longest = hit.end - hit.start;
    }
  }
  flush();
  return out + text.slice(cursor);
}

function needlesFor(secret: ResolvedSecret): Needle[] {
  if (secret.value === '') return [];
  const forms = new Set<string>([secret.value]);
  for (const form of jsonEscapedForms(secret.value)) forms.add(form);
  for (const form of urlEncodedForms(secret.value)) forms.add(form);
  for (const form of base64Forms(secret.value)) forms.add(form);
  return [...forms].filter((text) => text !== '').map((text) => ({ text, name: secret.name }));
}

/** As the value appears inside a JSON string, inside JSON nested in a string, and as ASCII-only JSON (`\u00e9`). */
function jsonEscapedForms(value: string): string[] {
  const once = JSON.stringify(value).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  const asciiOnly = (hex: (code: string) => string) =>
    once.replace(/[\u007f-\uffff]/g, (ch) => `\\u${hex(ch.charCodeAt(0).toString(16).padStart(4, '0'))}`);
  return [once, twice, asciiOnly((h) => h), asciiOnly((h) => h.toUpperCase())];
}

/** Path/query encoding (`%2F`), form encoding (`+` for space), and the lowercase-hex variants some clients emit. */
function urlEncodedForms(value: string): string[] {
  const component = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const uri = encodeURI(value);
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return [component, form, uri, lower(component), lower(form), lower(uri)];
}

/**
 * The value's base64 (standard and URL-safe, padded or not), and the runs of base64 characters
 * that encode only the value's bytes when it sits at any of the three byte alignments inside a
 * larger encoded blob — e.g. `Authorization: Basic base64("user:" + token)` echoed back.
 */
function base64Forms(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  const forms: string[] = [];
  const whole = toBase64(bytes);
  forms.push(whole, whole.replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    // Characters before `start` carry filler bits, those from `end` on carry bits of whatever follows.
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = toBase64(shifted).slice(start, end);
    if (core.length >= MIN_BASE64_CORE) forms.push(core);
  }
  return forms.flatMap((form) => [form, form.replace(/\+/g, '-').replace(/\//g, '_')]);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
