// A retry's or fork's relation to the run it came from (issue 13), read from the API's `origin`
// and the run's approvals: which steps are the parent's record, and what a fork holds back.
import type { Approval, RunDetail, RunOrigin } from '../api/types';

/** "Retry of ‹parent› from step 2", "Fork of ‹parent› at step 4": the words around the parent's link. */
export function originTitle(origin: RunOrigin): { lead: string; step: string } {
  const step = origin.from_step + 1;
  return origin.mode === 'retry' ? { lead: 'Retry of', step: `from step ${step}` } : { lead: 'Fork of', step: `at step ${step}` };
}

/**
 * A step before the one a retry or fork started at: its result is the parent's record, and so is
 * its time — the new run's own numbers (the header's) do not include it.
 */
export function fromParentRecord(origin: RunOrigin | undefined, index: number): boolean {
  return origin !== undefined && index < origin.from_step;
}

export type HeldWrite = { id: string; title: string; state: 'held' | 'approved as new' | 'not written' };

const STATE: Record<Approval['status'], HeldWrite['state']> = {
  pending: 'held',
  approved: 'approved as new',
  committed: 'approved as new',
  rejected: 'not written',
  expired: 'not written',
  refused: 'not written',
};

/**
 * A fork's writes and sends, each held as a dry run until a person approves it as new. The API
 * asks for an approval for every one of them (src/broker/calls.ts forkGuard), so a fork's tool
 * approvals are exactly its held writes.
 */
export function heldWrites(run: Pick<RunDetail, 'origin' | 'approvals'>): HeldWrite[] {
  if (run.origin?.mode !== 'fork') return [];
  return run.approvals.filter((a) => a.kind === 'tool').map((a) => ({ id: a.id, title: a.title, state: STATE[a.status] }));
}
