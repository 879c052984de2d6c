import type { PlaybookSummary } from '../domain/playbook';
import { BoundedCache } from '../api/isolate-cache';

/**
 * The Playbook summary a start last saw, by Playbook id: which revision to pin and who owns it,
 * known before asking the Tenant, so a start needs one Tenant call (TenantObject.claimRun), not a
 * lookup and then a registration (issue 12). Only a hint: claimRun registers nothing unless the
 * Playbook is still visible to the caller, at this revision and with this owner, and answers the
 * current summary otherwise. Bound: 1,000 summaries (a few hundred bytes each).
 */
const summaries = new BoundedCache<PlaybookSummary>({ maxEntries: 1_000 });

export const currentRevisions = {
  get: (playbookId: string): PlaybookSummary | undefined => summaries.get(playbookId),
  remember: (playbook: PlaybookSummary): void => summaries.set(playbook.id, playbook),
  forget: (playbookId: string): void => summaries.delete(playbookId),
};
