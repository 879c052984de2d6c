// How the brief writes numbers and counts its words.

/** Thousands: €412k, €1,235k; one decimal under ten thousand (€2.4k), so a small week still reads. */
export function thousands(x: number, currency: string): string {
  const k = Math.abs(x) / 1000;
  const digits = k < 9.95 ? 1 : 0;
  const text = k.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const zero = Number(text.replace(/,/g, '')) === 0;
  return `${x < 0 && !zero ? '-' : ''}${currency}${text}k`;
}

/** With its sign, except when it rounds to zero. */
export const signedThousands = (x: number, currency: string): string => {
  const text = thousands(x, currency);
  return text.startsWith('-') || /^\D*0(\.0)?k$/.test(text) ? text : `+${text}`;
};

export const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
export const signedPct = (pct: number): string => `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
export const signedPp = (pp: number): string => `${pp >= 0 ? '+' : ''}${pp.toFixed(1)} pp`;

/** Words as a reader counts them: runs of text holding a letter or a digit (a lone "–" or "·" is not a word). */
export const wordCount = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

const CONTACT = [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, /\+?\d[\d ()./-]{7,}\d/g, /https?:\/\/\S+/g];
const MAX_NAME = 40;

/** A product or customer name fit for the brief: no e-mail, phone number or link that slipped into a name field, no markdown, short. */
export function plainName(name: string, max = MAX_NAME): string {
  let text = name;
  for (const pattern of CONTACT) text = text.replace(pattern, '');
  text = text.replace(/[*_`~<>|[\]]/g, '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
