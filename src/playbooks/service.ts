import { PlaybookSpec, type PlaybookListItem, type PlaybookRecord, type PlaybookRevision, type PlaybookSummary, type RevisionInfo } from '../domain/playbook';
import { GroupName, type User } from '../domain/user';
import { parseOrThrow } from '../domain/issues';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { assertRole } from '../api/auth';
import { randomId } from '../auth/tokens';
import type { Env } from '../env';
import type { TenantObject } from '../tenant/tenant-object';
import { canEdit, canView } from './access';
import { NotPublishedError, asSeenBy, readableRevision } from './published';
import { mergePatch } from './merge-patch';
import { putRevision, replaceAbandonedRevision } from './store';
import { loadRevision } from './revision-cache';
import { syncTriggers } from '../triggers/sync';

export type PlaybookDeps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User; now?: () => Date };

export const AUTHORING_ROLES = ['admin', 'author'] as const;

function nowIso(deps: PlaybookDeps): string {
  return (deps.now?.() ?? new Date()).toISOString();
}

/** The Playbooks the caller sees, each at the revision they read, as JSON text: the Tenant keeps it ready (src/tenant/playbook-lists.ts). */
export function listPlaybooksJson(deps: PlaybookDeps): Promise<string> {
  return deps.tenant.listPlaybooksJsonFor(deps.user);
}

export async function listPlaybooks(deps: PlaybookDeps): Promise<PlaybookListItem[]> {
  return JSON.parse(await listPlaybooksJson(deps)) as PlaybookListItem[];
}

/** The summary of a Playbook the caller may see; 404 otherwise, so ids cannot be probed. */
export async function visiblePlaybook(deps: PlaybookDeps, id: string): Promise<PlaybookSummary> {
  const summary = await deps.tenant.getPlaybook(id);
  if (!summary || !canView(deps.user, summary)) throw new NotFoundError('Playbook', id);
  return summary;
}

/** The summary of a Playbook the caller may change: 404 if they cannot see it, 403 if they may only see it. */
export async function editablePlaybook(deps: PlaybookDeps, id: string): Promise<PlaybookSummary> {
  const summary = await visiblePlaybook(deps, id);
  if (!canEdit(deps.user, summary)) {
    throw new ForbiddenError(`Playbook "${id}" is shared with you read-only; only its owner (${summary.created_by}) or an admin may change it`);
  }
  return summary;
}

/** The latest revision for its owner and admins; the published one for everyone else (409 `not_published` while none is). */
export async function getPlaybook(deps: PlaybookDeps, id: string): Promise<PlaybookRecord> {
  const summary = await visiblePlaybook(deps, id);
  const revision = readableRevision(deps.user, summary);
  if (revision === null) throw new NotPublishedError(id);
  const stored = await loadRevision(deps.env.BUCKET, id, revision);
  if (!stored) throw new NotFoundError('Playbook revision', `${id}@${revision}`);
  return { ...asSeenBy(deps.user, summary), ...stored, can_edit: canEdit(deps.user, summary) };
}

/** The one check every saved document passes (create, revise, and the editor's validate): a 422 naming every failing path. */
function checkDocument(body: unknown): PlaybookSpec {
  return parseOrThrow(PlaybookSpec, body, 'Playbook');
}

/** Validates a document as a save would, saving nothing: the YAML editor underlines what a save would refuse. */
export function validatePlaybook(deps: PlaybookDeps, body: unknown): PlaybookSpec {
  assertRole(deps.user, AUTHORING_ROLES, 'validate Playbooks');
  return checkDocument(body);
}

export async function createPlaybook(
  deps: PlaybookDeps,
  body: unknown,
  origin: { source_blueprint?: string; publish?: boolean } = {},
): Promise<PlaybookRecord> {
  assertRole(deps.user, AUTHORING_ROLES, 'create Playbooks');
  const spec = checkDocument(body);
  const { id, yaml } = await writeFirstRevision(deps, spec);
  const at = nowIso(deps);
  const summary: PlaybookSummary = {
    id,
    name: spec.name,
    ...(spec.description ? { description: spec.description } : {}),
    revision: 1,
    // Unless asked otherwise the first save is published: what its author made is what runs, as
    // before publishing existed; later edits are drafts until published (src/playbooks/lifecycle.ts).
    ...(origin.publish === false ? {} : { published_revision: 1 }),
    status: 'draft',
    created_by: deps.user.id,
    allowed_users: [],
    ...(origin.source_blueprint ? { source_blueprint: origin.source_blueprint } : {}),
    created_at: at,
    updated_at: at,
  };
  await deps.tenant.insertPlaybook(summary);
  // The trigger registry follows the published revision: a draft registers nothing until published.
  const synced = summary.published_revision === undefined ? {} : await syncTriggers(deps, id, spec);
  return { ...summary, spec, yaml, can_edit: true, ...synced };
}

/** Revision 1 under a fresh id; the write refuses a taken id, so a (vanishingly rare) collision just draws again. */
async function writeFirstRevision(deps: PlaybookDeps, spec: PlaybookSpec): Promise<{ id: string; yaml: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = randomId('pb');
    const yaml = await putRevision(deps.env.BUCKET, id, 1, spec, deps.user.id);
    if (yaml !== null) return { id, yaml };
  }
  throw new Error('Could not draw an unused Playbook id');
}

/**
 * A new revision. YAML replaces the whole document; JSON is a merge patch (RFC 7396) on the
 * current one. Either way the result must validate, and revision N stays readable.
 */
export async function revisePlaybook(deps: PlaybookDeps, id: string, body: { format: 'json' | 'yaml'; value: unknown }): Promise<PlaybookRecord> {
  const summary = await editablePlaybook(deps, id);
  const current = await loadRevision(deps.env.BUCKET, id, summary.revision);
  if (!current) throw new NotFoundError('Playbook revision', `${id}@${summary.revision}`);
  const candidate = body.format === 'yaml' ? body.value : mergePatch(current.spec, body.value);
  const spec = checkDocument(candidate);
  const revision = summary.revision + 1;
  const at = nowIso(deps);
  const yaml = await writeNextRevision(deps, summary, spec);
  const committed = await deps.tenant.commitRevision(id, revision, { name: spec.name, description: spec.description, by: deps.user.id, at });
  if (!committed) throw new ConflictError(`Playbook "${id}" was changed by someone else meanwhile; reload and edit revision ${revision} again`);
  // An edit is a draft: the trigger registry keeps following the published revision until a publish (lifecycle.ts).
  return { ...committed, spec, yaml, can_edit: true };
}

/**
 * Claims revision N+1's object. If it is taken, either another edit is between its write and its
 * commit (a conflict), or an edit died there and left it behind; only then may it be replaced.
 */
async function writeNextRevision(deps: PlaybookDeps, summary: PlaybookSummary, spec: PlaybookSpec): Promise<string> {
  const revision = summary.revision + 1;
  const conflict = () => new ConflictError(`Playbook "${summary.id}" is being changed by someone else; reload and edit revision ${revision} again`);
  const written = await putRevision(deps.env.BUCKET, summary.id, revision, spec, deps.user.id);
  if (written !== null) return written;
  const latest = await deps.tenant.getPlaybook(summary.id);
  if (latest?.revision !== summary.revision) throw conflict();
  const replaced = await replaceAbandonedRevision(deps.env.BUCKET, summary.id, revision, spec, deps.user.id, deps.now?.() ?? new Date());
  if (replaced === null) throw conflict();
  return replaced;
}

export async function sharePlaybook(deps: PlaybookDeps, id: string, allowedUsers: string[]): Promise<PlaybookSummary> {
  const [, directory] = await Promise.all([editablePlaybook(deps, id), deps.tenant.listUsers()]);
  const users = new Set(directory.map((u) => u.id));
  const problems = allowedUsers.flatMap((entry, i) => {
    const path = `allowed_users[${i}]`;
    // A malformed group could never match anyone's groups; say so rather than store a dead entry.
    if (entry.startsWith('group:')) return GroupName.safeParse(entry.slice('group:'.length)).success ? [] : [{ path, message: `"${entry}" is not a valid group name` }];
    return users.has(entry) ? [] : [{ path, message: `no user "${entry}"` }];
  });
  if (problems.length > 0) throw new ValidationError(`Sharing is invalid at ${problems[0]!.path}: ${problems[0]!.message}`, problems);
  const updated = await deps.tenant.setSharing(id, [...new Set(allowedUsers)], nowIso(deps));
  if (!updated) throw new NotFoundError('Playbook', id);
  return updated;
}

export async function deletePlaybook(deps: PlaybookDeps, id: string): Promise<void> {
  await editablePlaybook(deps, id);
  await deps.tenant.deletePlaybook(id, nowIso(deps));
  await syncTriggers(deps, id, null);
}

/**
 * Asked together: the revision log of a Playbook the caller cannot see is dropped unread. A runner's
 * log ends at the published revision, so reading a revision or a diff never shows them a draft.
 */
export async function listRevisions(deps: PlaybookDeps, id: string): Promise<RevisionInfo[]> {
  const [summary, revisions] = await Promise.all([visiblePlaybook(deps, id), deps.tenant.listRevisions(id)]);
  const newest = readableRevision(deps.user, summary) ?? 0;
  return revisions.filter((r) => r.revision <= newest);
}

export async function getRevision(deps: PlaybookDeps, id: string, revision: number): Promise<PlaybookRevision> {
  const info = (await listRevisions(deps, id)).find((r) => r.revision === revision);
  const stored = info && (await loadRevision(deps.env.BUCKET, id, revision));
  if (!info || !stored) throw new NotFoundError('Playbook revision', `${id}@${revision}`);
  return { playbook_id: id, ...info, ...stored };
}
