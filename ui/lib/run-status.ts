// Which run controls apply in which status (mirrors the API's rules; the API still decides).
import type { RunStatus } from '../api/types';

export const TERMINAL: readonly RunStatus[] = ['done', 'failed', 'cancelled'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL.includes(status);
}

/** Pause: any non-terminal status, unless already paused. */
export function canPause(run: { status: RunStatus; paused: boolean }): boolean {
  return !isTerminal(run.status) && !run.paused;
}

/** Resume: a paused or blocked run. */
export function canResume(run: { status: RunStatus }): boolean {
  return run.status === 'blocked';
}

export function canCancel(run: { status: RunStatus }): boolean {
  return !isTerminal(run.status);
}

export function statusLabel(status: string): string {
  return status.replaceAll('_', ' ');
}
