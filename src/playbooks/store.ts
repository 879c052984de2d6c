import { PlaybookSpec } from '../domain/playbook';
import { parseYaml, toYaml } from '../yaml';

/** Revisions are immutable YAML objects in R2 (architecture.md): `playbooks/<id>/rev-<n>.yaml`. */
export function revisionKey(playbookId: string, revision: number): string {
  return `playbooks/${playbookId}/rev-${revision}.yaml`;
}

/**
 * An edit writes its object before the Tenant index commits the revision number. If the edit dies
 * in between, the object stays behind uncommitted; once it is this old it counts as abandoned.
 */
export const ABANDONED_REVISION_MS = 60_000;

/** Stored revisions are our own output, validated when written; the 256 KB limit is for request bodies. */
const STORED_REVISION_MAX_BYTES = 16 * 1024 * 1024;

function writeOptions(by: string) {
  return { httpMetadata: { contentType: 'application/yaml' }, customMetadata: { created_by: by } };
}

/**
 * Writes revision `revision` only if no object holds that number yet: two edits racing from the
 * same revision must not overwrite each other's object (revisions are immutable, spec §3).
 * Returns the YAML written, or null when the number is taken.
 */
export async function putRevision(bucket: R2Bucket, playbookId: string, revision: number, spec: PlaybookSpec, by: string): Promise<string | null> {
  const yaml = toYaml(spec);
  const written = await bucket.put(revisionKey(playbookId, revision), yaml, { ...writeOptions(by), onlyIf: { etagDoesNotMatch: '*' } });
  return written ? yaml : null;
}

/**
 * Overwrites an uncommitted revision object left by an edit that died before committing — only if
 * it is old enough to be abandoned and unchanged since we looked. The caller must have checked
 * that the index has not committed this number. Returns the YAML written, or null.
 */
export async function replaceAbandonedRevision(
  bucket: R2Bucket,
  playbookId: string,
  revision: number,
  spec: PlaybookSpec,
  by: string,
  now: Date,
): Promise<string | null> {
  const key = revisionKey(playbookId, revision);
  const existing = await bucket.head(key);
  if (existing && now.getTime() - existing.uploaded.getTime() < ABANDONED_REVISION_MS) return null;
  const yaml = toYaml(spec);
  const onlyIf = existing ? { etagMatches: existing.etag } : { etagDoesNotMatch: '*' };
  const written = await bucket.put(key, yaml, { ...writeOptions(by), onlyIf });
  return written ? yaml : null;
}

export async function readRevision(bucket: R2Bucket, playbookId: string, revision: number): Promise<{ spec: PlaybookSpec; yaml: string } | null> {
  const object = await bucket.get(revisionKey(playbookId, revision));
  if (!object) return null;
  const yaml = await object.text();
  return { spec: PlaybookSpec.parse(parseYaml(yaml, `Stored revision ${playbookId}@${revision}`, { maxBytes: STORED_REVISION_MAX_BYTES })), yaml };
}
