import { BoundedCache } from '../api/isolate-cache';
import { readRevision } from './store';
import type { PlaybookSpec } from '../domain/playbook';

export type StoredRevision = { spec: PlaybookSpec; yaml: string };

/**
 * Parsed revisions, by `<playbook>@<revision>` (issue 12: every run start read and parsed its
 * pinned revision from R2). A committed revision never changes (spec §3; putRevision refuses to
 * overwrite, and only an uncommitted object left by a dead edit is ever replaced — nothing reads
 * a revision number before the Tenant commits it), so an entry needs no expiry.
 * Bound: 200 revisions and 4 MB of their YAML (the parsed form is a small multiple of it); a
 * revision bigger than that alone is read from R2 each time.
 */
const revisions = new BoundedCache<StoredRevision | null>({ maxEntries: 200, maxWeight: 4 * 1024 * 1024 });

/** The revision, parsed, frozen (callers share it), or null if R2 has no such object. */
export function loadRevision(bucket: R2Bucket, playbookId: string, revision: number): Promise<StoredRevision | null> {
  return revisions.load(
    `${playbookId}@${revision}`,
    async () => {
      const stored = await readRevision(bucket, playbookId, revision);
      return stored && { spec: deepFreeze(stored.spec), yaml: stored.yaml };
    },
    // A missing object is asked for again: it may be a revision whose write is still in flight.
    (stored) => (stored ? { weight: stored.yaml.length } : null),
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
