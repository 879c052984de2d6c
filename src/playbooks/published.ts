// Draft → published (issue 18). A Playbook's latest revision is what its owner is working on; its
// published revision is what everyone else gets: runners who may only run it, and its triggers.
import type { PlaybookSummary } from '../domain/playbook';
import type { User } from '../domain/user';
import { AppError } from '../errors';
import { canEdit } from './access';

/** 409 `not_published`: a runner or a trigger asked for a Playbook nobody has published yet. */
export class NotPublishedError extends AppError {
  override name = 'NotPublishedError';
  constructor(playbookId: string) {
    super(409, 'not_published', `Playbook "${playbookId}" has no published revision yet; its owner or an admin must publish one (POST /playbooks/${playbookId}/publish) before others or its triggers can run it`, { playbook_id: playbookId });
  }
}

/**
 * The newest revision `user` may read. The owner and admins author the Playbook and read the
 * latest, draft or not; everyone else reads what they would run, the published revision — a newer
 * draft is its authors' work in progress. Null: nothing is published yet, so a runner reads none.
 */
export function readableRevision(user: User, playbook: PlaybookSummary): number | null {
  return canEdit(user, playbook) ? playbook.revision : (playbook.published_revision ?? null);
}

/** The summary as `user` sees it: a runner's `revision` is the published one (left alone while none is). */
export function asSeenBy(user: User, playbook: PlaybookSummary): PlaybookSummary {
  const readable = readableRevision(user, playbook);
  return readable === null || readable === playbook.revision ? playbook : { ...playbook, revision: readable };
}

/** Starts a person makes (or a run they started makes); every other trigger type is a trigger firing. */
const PERSON_STARTS = new Set(['manual', 'rerun', 'retry', 'fork', 'parent_run']);

/**
 * Which revision a run pins when the start names none. The owner and admins author the Playbook, so
 * their own runs take the latest revision, draft or not (trying a change before publishing it).
 * Anyone else, and every trigger (which acts for the owner but was not started by them), gets the
 * published revision — or a 409 when there is none.
 */
export function revisionToRun(user: User, playbook: PlaybookSummary, trigger: { type: string }): number {
  if (PERSON_STARTS.has(trigger.type) && canEdit(user, playbook)) return playbook.revision;
  if (playbook.published_revision === undefined) throw new NotPublishedError(playbook.id);
  return playbook.published_revision;
}

