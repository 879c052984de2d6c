// Draft → published (issue 18): publishing a revision, and the diff of two revisions.
// Which revision a run takes is src/playbooks/published.ts.
import type { PublishedPlaybook, RevisionDiff } from '../domain/playbook';
import type { IssuedTriggerSecret } from '../domain/trigger';
import { NotFoundError } from '../errors';
import { syncTriggers } from '../triggers/sync';
import { unifiedDiff } from './diff';
import { loadRevision } from './revision-cache';
import { editablePlaybook, listRevisions, type PlaybookDeps } from './service';

/** Enough for two owners publishing at once; each pass only re-reads which revision won. */
const SYNC_ATTEMPTS = 3;

/**
 * Owner or admin: from now on runners and triggers run `revision` (a later one, or an earlier one to
 * roll back). The trigger registry moves to that revision's triggers (hook triggers new in it get
 * their secret, shown once in this response); publishing the published revision again re-syncs it.
 */
export async function publishPlaybook(deps: PlaybookDeps, id: string, revision: number): Promise<PublishedPlaybook> {
  await editablePlaybook(deps, id);
  let published = await deps.tenant.publishRevision(id, revision, (deps.now?.() ?? new Date()).toISOString());
  if (!published) throw new NotFoundError('Playbook revision', `${id}@${revision}`);
  const secrets: IssuedTriggerSecret[] = [];
  // A concurrent publish may land between our publish and our sync: sync again until the registry
  // matches the revision that is published after the sync, so the last publish wins in both.
  for (let attempt = 0; attempt < SYNC_ATTEMPTS && published; attempt++) {
    const target = published.published_revision!;
    const stored = await loadRevision(deps.env.BUCKET, id, target);
    if (!stored) throw new NotFoundError('Playbook revision', `${id}@${target}`);
    secrets.push(...((await syncTriggers(deps, id, stored.spec)).trigger_secrets ?? []));
    const after = await deps.tenant.getPlaybook(id);
    published = after;
    if (after?.published_revision === target) break;
  }
  if (!published) throw new NotFoundError('Playbook', id);
  return { ...published, ...(secrets.length > 0 ? { trigger_secrets: secrets } : {}) };
}

/** What changed from revision `from` to revision `to`, as a unified diff of their YAML; for revisions the caller may read (listRevisions). */
export async function diffRevisions(deps: PlaybookDeps, id: string, from: number, to: number): Promise<RevisionDiff> {
  const known = new Set((await listRevisions(deps, id)).map((r) => r.revision));
  for (const n of [from, to]) if (!known.has(n)) throw new NotFoundError('Playbook revision', `${id}@${n}`);
  const [before, after] = await Promise.all([loadRevision(deps.env.BUCKET, id, from), loadRevision(deps.env.BUCKET, id, to)]);
  if (!before) throw new NotFoundError('Playbook revision', `${id}@${from}`);
  if (!after) throw new NotFoundError('Playbook revision', `${id}@${to}`);
  const { text, added, removed } = unifiedDiff(before.yaml, after.yaml, { from: `revision ${from}`, to: `revision ${to}` });
  return { playbook_id: id, from, to, diff: text, added, removed };
}
