/** At most this much of one tool output goes into a prompt (spec §6); the rest is an artifact. */
export const PROMPT_OUTPUT_CAP_BYTES = 16 * 1024;

/**
 * Defuses anything that could close or forge the wrapper: `<untrusted`, `</untrusted` in any
 * case or spacing become visibly escaped text. The Broker is the barrier; this is the hint.
 */
export function neutralize(text: string): string {
  return text.replace(/<\s*(\/?)\s*untrusted/gi, (_m, slash: string) => `&lt;${slash}untrusted`);
}

export function wrapUntrusted(source: string, content: string): string {
  return `<untrusted source="${source.replace(/[^\w.:-]/g, '_')}" trust_level="external">\n${neutralize(content)}\n</untrusted>`;
}

/** UTF-8-safe head of a string in at most `maxBytes`. */
export function headBytes(text: string, maxBytes: number): { head: string; truncated: boolean } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength <= maxBytes) return { head: text, truncated: false };
  const head = new TextDecoder().decode(bytes.slice(0, maxBytes)).replace(/\uFFFD$/, '');
  return { head, truncated: true };
}
