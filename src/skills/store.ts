/**
 * User skills in R2 (spec §7): `skills/<name>/SKILL.md` plus `skills/<name>/references/<file>.md`.
 * SKILL.md is written last and carries who uploaded it, so it is the commit marker of an upload:
 * a reader never finds a SKILL.md whose references are still missing.
 */

const PREFIX = 'skills/';

export type StoredSkill = { text: string; uploaded_by: string; updated_at: string; references: Map<string, number> };

function skillKey(name: string): string {
  return `${PREFIX}${name}/SKILL.md`;
}

function referencePrefix(name: string): string {
  return `${PREFIX}${name}/references/`;
}

export async function listUserSkillNames(bucket: R2Bucket): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: PREFIX, delimiter: '/', cursor });
    names.push(...page.delimitedPrefixes.map((p) => p.slice(PREFIX.length, -1)));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return names.sort();
}

export async function readUserSkill(bucket: R2Bucket, name: string): Promise<StoredSkill | null> {
  const object = await bucket.get(skillKey(name));
  if (!object) return null;
  return {
    text: await object.text(),
    uploaded_by: object.customMetadata?.uploaded_by ?? 'unknown',
    updated_at: object.customMetadata?.updated_at ?? object.uploaded.toISOString(),
    references: await listReferences(bucket, name),
  };
}

/** `references/<file>` → bytes. */
async function listReferences(bucket: R2Bucket, name: string): Promise<Map<string, number>> {
  const prefix = referencePrefix(name);
  const out = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    for (const object of page.objects) out.set(`references/${object.key.slice(prefix.length)}`, object.size);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

/** `file` is a bare, already validated file name. */
export async function readUserReference(bucket: R2Bucket, name: string, file: string): Promise<string | null> {
  const object = await bucket.get(`${referencePrefix(name)}${file}`);
  return object ? object.text() : null;
}

/** Replaces the skill: references first, then SKILL.md (the commit marker), then stale references go. */
export async function writeUserSkill(bucket: R2Bucket, name: string, text: string, references: Record<string, string>, by: string, at: string): Promise<void> {
  const stale = await listReferences(bucket, name);
  for (const [file, content] of Object.entries(references)) {
    await bucket.put(`${referencePrefix(name)}${file}`, content, { httpMetadata: { contentType: 'text/markdown; charset=utf-8' } });
    stale.delete(`references/${file}`);
  }
  await bucket.put(skillKey(name), text, { httpMetadata: { contentType: 'text/markdown; charset=utf-8' }, customMetadata: { uploaded_by: by, updated_at: at } });
  if (stale.size > 0) await bucket.delete([...stale.keys()].map((path) => `${PREFIX}${name}/${path}`));
}
