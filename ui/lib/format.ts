import type { BlueprintCategory } from '../api/types';

export const CATEGORY_LABELS: Record<BlueprintCategory, string> = {
  'data-cleanup': 'Data Cleanup',
  'process-mining': 'Process Mining',
  'decision-analysis': 'Decision Analysis',
  'decision-triggers': 'Decision Triggers',
  'custom-agent-builder': 'Custom Agent Builder',
};

export type Tone = 'green' | 'amber' | 'red' | 'neutral';

/** Status colours from ui.md: running/done green, waiting amber, failed red, draft neutral. */
const TONES: Record<string, Tone> = {
  queued: 'green',
  running: 'green',
  done: 'green',
  active: 'green',
  blocked: 'amber',
  waiting_for_input: 'amber',
  waiting_for_approval: 'amber',
  reviewing: 'amber',
  failed: 'red',
  cancelled: 'red',
  draft: 'neutral',
  archived: 'neutral',
};

export function statusTone(status: string): Tone {
  return TONES[status] ?? 'neutral';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago"; "just now" under a minute. */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

export function count(n: number): string {
  return n.toLocaleString('en');
}

/** `pb_abc123` + 2 → `pb_abc123 · r2` (the library's id chip). */
export function idChip(id: string, revision: number): string {
  return `${id} · r${revision}`;
}

/** 1234 → "1.2k", 2_500_000 → "2.5M" (token counts on badges and cards). */
export function compact(n: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Cost with enough precision for cents and fractions of a cent ($0.0042). */
export function cost(value: number): string {
  return value > 0 && value < 0.01 ? `$${value.toFixed(4)}` : usd(value);
}

/** "0.8 s" (tenths under 10 s, as the API counts them), "4 s", "2 min 5 s", "1 h 3 min". */
export function timeSpan(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}
