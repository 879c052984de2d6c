import type { RunStatus } from '../domain/run';
import { ConflictError } from '../errors';

/**
 * Every allowed status change, in one place (spec §4). `blocked` covers both "paused by a person"
 * and "cannot continue until configured" (e.g. no model provider); `resume` leaves it.
 */
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['running', 'blocked', 'cancelled', 'failed'],
  running: ['blocked', 'waiting_for_input', 'waiting_for_approval', 'reviewing', 'done', 'failed', 'cancelled'],
  blocked: ['running', 'waiting_for_input', 'waiting_for_approval', 'cancelled', 'failed'],
  waiting_for_input: ['running', 'waiting_for_approval', 'blocked', 'cancelled', 'failed'],
  waiting_for_approval: ['running', 'waiting_for_input', 'blocked', 'cancelled', 'failed'],
  reviewing: ['running', 'blocked', 'done', 'cancelled', 'failed'],
  done: [],
  failed: [],
  cancelled: [],
};

export const TERMINAL_STATUSES: readonly RunStatus[] = ['done', 'failed', 'cancelled'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws the 409 the API returns for an illegal change. */
export function assertTransition(from: RunStatus, to: RunStatus, action: string): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(`Cannot ${action} a run that is ${from}`, { status: from, wanted: to });
  }
}
