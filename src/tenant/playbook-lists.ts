import type { PlaybookListItem } from '../domain/playbook';
import type { User } from '../domain/user';
import { BoundedCache } from '../api/isolate-cache';

/** Distinct views kept: each caller's role, groups and limits make one. */
const MAX_VIEWS = 200;
/** The lists' JSON text, in UTF-16 bytes: at 200 views of ~50 Playbooks, well under this. */
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * GET /playbooks as ready JSON text, per view (issue 12): the list is what every page of the UI
 * asks for, and all 200 concurrent clients wait on this one object, so a list answered from memory
 * costs the object a lookup instead of two queries, a parse per row and a structured clone.
 *
 * Safe because it lives in the Tenant object, not the Worker's isolate: every write to the
 * Playbook index and the trigger schedule goes through this object, single-threaded, and calls
 * `invalidate()` (PlaybookStore's `onChange`; TenantObject's trigger methods and alarm), so the next
 * list is built from SQLite again. Bounded: an evicted view is just built again.
 */
export class PlaybookLists {
  private readonly texts = new BoundedCache<string>({ maxEntries: MAX_VIEWS, maxWeight: MAX_BYTES });

  /** The list `user` sees, from memory or from `build` (then kept until the next change). */
  text(user: User, build: () => PlaybookListItem[]): string {
    const key = viewKey(user);
    const cached = this.texts.get(key);
    if (cached !== undefined) return cached;
    const text = JSON.stringify(build());
    this.texts.set(key, text, { weight: text.length * 2 });
    return text;
  }

  invalidate(): void {
    this.texts.clear();
  }
}

/** Everything about a caller that decides what their list holds (src/playbooks/access.ts, published.ts). */
function viewKey(user: User): string {
  return JSON.stringify([user.id, user.role, [...user.groups].sort(), user.allowed_playbooks ?? null]);
}
