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
