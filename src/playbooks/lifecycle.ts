// Draft → published (issue 18): publishing a revision, and the diff of two revisions.
// Which revision a run takes is src/playbooks/published.ts.
import type { PlaybookSummary, RevisionDiff } from '../domain/playbook';
import { NotFoundError } from '../errors';
import { unifiedDiff } from './diff';
import { loadRevision } from './revision-cache';
import { editablePlaybook, listRevisions, type PlaybookDeps } from './service';

/** Owner or admin: from now on runners and triggers run `revision` (a later one, or an earlier one to roll back). */
export async function publishPlaybook(deps: PlaybookDeps, id: string, revision: number): Promise<PlaybookSummary> {
  await editablePlaybook(deps, id);
  const published = await deps.tenant.publishRevision(id, revision, (deps.now?.() ?? new Date()).toISOString());
  if (!published) throw new NotFoundError('Playbook revision', `${id}@${revision}`);
  return published;
}

/** What changed from revision `from` to revision `to`, as a unified diff of their YAML; anyone who can see the Playbook may read it. */
export async function diffRevisions(deps: PlaybookDeps, id: string, from: number, to: number): Promise<RevisionDiff> {
  const known = new Set((await listRevisions(deps, id)).map((r) => r.revision));
  for (const n of [from, to]) if (!known.has(n)) throw new NotFoundError('Playbook revision', `${id}@${n}`);
  const [before, after] = await Promise.all([loadRevision(deps.env.BUCKET, id, from), loadRevision(deps.env.BUCKET, id, to)]);
  if (!before) throw new NotFoundError('Playbook revision', `${id}@${from}`);
  if (!after) throw new NotFoundError('Playbook revision', `${id}@${to}`);
  const { text, added, removed } = unifiedDiff(before.yaml, after.yaml, { from: `revision ${from}`, to: `revision ${to}` });
  return { playbook_id: id, from, to, diff: text, added, removed };
}
