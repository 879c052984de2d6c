/** At most this much of one tool output goes into a prompt (spec §6), wrapper and notes included. */
export const PROMPT_OUTPUT_CAP_BYTES = 16 * 1024;

/**
 * Inside a wrapper, nothing may read as markup: `&`, `<`, `>` become entities, and so do the
 * look-alike brackets a model reads as angle brackets (full-width, small, single guillemets,
 * CJK and mathematical angle brackets). No `</untrusted>`, no forged `<system>` block, in any
 * case, spacing or script. The Broker is the barrier; this is the hint.
 */
const MARKUP = /[&<>\uFF1C\uFF1E\uFE64\uFE65\u2039\u203A\u3008\u3009\u27E8\u27E9]/g;
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function neutralize(text: string): string {
  return text.replace(MARKUP, (c) => NAMED[c] ?? `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`);
}

/** Where the content came from, as one attribute value: letters, digits and `.:-_` only. */
function sourceAttribute(source: string): string {
  return source.replace(/[^\w.:-]/g, '_').slice(0, 200);
}

export function wrapUntrusted(source: string, content: string): string {
  return `${openTag(source)}${neutralize(content)}${CLOSE}`;
}

const openTag = (source: string) => `<untrusted source="${sourceAttribute(source)}" trust_level="external">\n`;
const CLOSE = '\n</untrusted>';

/**
 * Untrusted text as the model receives it, within `maxBytes` after escaping: escaping can make
 * text several times longer, so the cap applies to what is sent, never to the raw text.
 */
export function wrapWithin(source: string, content: string, maxBytes: number): { text: string; truncated: boolean } {
  const frame = byteLength(openTag(source)) + byteLength(CLOSE);
  const { head, truncated } = headBytes(neutralize(content), Math.max(0, maxBytes - frame));
  return { text: `${openTag(source)}${head}${CLOSE}`, truncated };
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** UTF-8-safe head of a string in at most `maxBytes`; never ends inside an escape (`&lt;` stays whole or goes). */
export function headBytes(text: string, maxBytes: number): { head: string; truncated: boolean } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength <= maxBytes) return { head: text, truncated: false };
  const head = new TextDecoder().decode(bytes.slice(0, maxBytes)).replace(/\uFFFD$/, '').replace(/&[#\w]{0,8}$/, '');
  return { head, truncated: true };
}
