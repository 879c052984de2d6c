// Deterministic building blocks: a seeded PRNG, a CSV writer, and the Febrl-style corruptions.
// Nothing here reads the clock, the locale or object hash order, so output bytes depend only on seeds.
import { COUNTRIES, KEYBOARD } from './reference.mjs';

/** mulberry32 over an FNV-1a hash of the seed string. */
export function prng(seed) {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const weighted = (pairs) => {
    let x = next() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of pairs) if ((x -= w) < 0) return value;
    return pairs[pairs.length - 1][0];
  };
  // Zipf-like: earlier entries are more common, so namesakes (hard negatives) occur naturally.
  const common = (list) => weighted(list.map((v, i) => [v, 1 / (i + 2)]));
  return { next, int, pick, weighted, common, chance: (p) => next() < p };
}

/** RFC 4180, LF line ends; fields with edge whitespace are quoted too, so trimming a file cannot eat them. */
export function toCsv(columns, rows) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows.map((row) => columns.map((c) => row[c]))].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');

/** One keyboard edit, as Febrl does: swap, delete, insert or substitute a neighbour; the first letter is kept. */
export function typo(r, s) {
  if (s.length < 4) return s;
  const i = r.int(1, s.length - 2);
  const ch = s[i];
  const near = KEYBOARD[ch.toLowerCase()];
  const neighbour = near ? (ch === ch.toUpperCase() ? r.pick(near).toUpperCase() : r.pick(near)) : ch;
  switch (r.int(0, 3)) {
    case 0: return s.slice(0, i) + s[i + 1] + ch + s.slice(i + 2);
    case 1: return s.slice(0, i) + s.slice(i + 1);
    case 2: return s.slice(0, i + 1) + neighbour + s.slice(i + 1);
    default: return s.slice(0, i) + neighbour + s.slice(i + 1);
  }
}

/** Stray whitespace as pasted into forms: leading, trailing, or doubled inside. */
export function pad(r, s) {
  return r.pick([` ${s}`, `${s} `, `${s}  `, s.includes(' ') ? s.replace(' ', '  ') : ` ${s} `]);
}

export function titleCase(s) {
  return s.replace(/(^|[\s.'-])(\p{Ll})/gu, (_, p, c) => p + c.toUpperCase());
}

export function makePhone(r, country) {
  const plan = COUNTRIES[country];
  let digits = r.pick(plan.phone[r.chance(plan.mobileShare) ? 'mobile' : 'land']);
  while (digits.length < plan.phone.length) digits += String(r.int(0, 9));
  return { country, nsn: digits };
}

export function formatPhone(r, phone, style) {
  const plan = COUNTRIES[phone.country];
  const groups = plan.groups(phone.nsn);
  const national = plan.national ? plan.national(groups) : `${plan.trunk}${groups.join(' ')}`;
  switch (style) {
    case 'e164': return `+${plan.cc}${phone.nsn}`;
    case 'intl': return `+${plan.cc} ${groups.join(' ')}`;
    case 'intl00': return `00${plan.cc} ${groups.join(' ')}`;
    case 'national': return national;
    case 'dashed': return `${plan.trunk}${groups.join('-')}`;
    case 'dotted': return `${plan.trunk}${groups.join('.')}`;
    case 'digits': return `${plan.trunk}${phone.nsn}`;
    case 'ext': return `${national} ${r.pick(['x', 'ext. ', 'ext '])}${r.int(10, 899)}`;
    default: throw new Error(`unknown phone style ${style}`);
  }
}

/** A day in [from, to] with a working-hours time, as epoch ms. */
export function moment(r, from, to) {
  const days = Math.floor((to - from) / 86_400_000);
  return from + r.int(0, Math.max(0, days)) * 86_400_000 + r.int(7 * 3600, 19 * 3600) * 1000 + r.int(0, 999);
}
