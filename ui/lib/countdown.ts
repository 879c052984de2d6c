import { useEffect, useState } from 'preact/hooks';

/** Milliseconds until `iso` (negative once it has passed). */
export function msUntil(iso: string, now: number): number {
  return new Date(iso).getTime() - now;
}

/** A countdown as people read it: `4 s`, `12:05`, `1:02:03`; `0 s` once it has passed. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The current time, re-read every `everyMs` while `active`, so countdowns tick. */
export function useNow(everyMs = 1000, active = true): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, active]);
  return now;
}
