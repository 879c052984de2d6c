import type { Env } from '../env';
import type { User } from '../domain/user';
import { assertRole } from '../api/auth';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { builtinReference, builtinSkills, type LoadedSkill } from './builtin';
import { parseSkillMarkdown } from './parse';
import type { SkillDetail, SkillSummary, SkillUpload } from './schema';
import { listUserSkillNames, readUserReference, readUserSkill, writeUserSkill } from './store';

/** A reference is one Markdown file directly under `references/`: no folders, nothing to climb out with. */
const REFERENCE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.md$/;

/** `"checks.md"` or `"references/checks.md"` → `checks.md`; anything else is refused with the reason. */
export function referenceFile(path: string): string | undefined {
  const file = path.startsWith('references/') ? path.slice('references/'.length) : path;
  return REFERENCE_FILE.test(file) && !file.includes('..') ? file : undefined;
}

/** A built-in wins over nothing: names are unique across both, uploads may not take a built-in's name. */
export async function loadSkill(env: Env, id: string): Promise<LoadedSkill | null> {
  const builtin = builtinSkills().get(id);
  if (builtin) return builtin;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) return null;
  const stored = await readUserSkill(env.BUCKET, id);
  if (!stored) return null;
  return {
    ...parseSkillMarkdown(stored.text, `skills/${id}/SKILL.md`),
    id,
    source: 'user',
    references: stored.references,
    scripts: [],
    uploaded_by: stored.uploaded_by,
    updated_at: stored.updated_at,
  };
}

export async function listSkills(env: Env): Promise<SkillSummary[]> {
  const builtin = [...builtinSkills().values()];
  const names = (await listUserSkillNames(env.BUCKET)).filter((name) => !builtinSkills().has(name));
  // Stored skills were valid when uploaded; one that no longer parses is left out, not a 500.
  const user = await Promise.all(names.map((name) => loadSkill(env, name).catch(() => null)));
  return [...builtin, ...user.filter((s): s is LoadedSkill => s !== null)].map(summaryOf).sort((a, b) => a.id.localeCompare(b.id));
}

export async function getSkill(env: Env, id: string): Promise<SkillDetail> {
  const skill = await loadSkill(env, id);
  if (!skill) throw new NotFoundError('Skill', id);
  return {
    ...summaryOf(skill),
    frontmatter: skill.frontmatter,
    body: skill.body,
    tables: skill.tables,
    tree: {
      references: [...skill.references].map(([path, bytes]) => ({ path, bytes })),
      scripts: skill.scripts.map((s) => ({
        name: s.name,
        path: `scripts/${s.name}.ts`,
        tool_id: s.tool.manifest.id,
        risk: s.tool.manifest.risk,
        description: s.tool.manifest.description,
      })),
    },
  };
}

/** The text of one reference, or undefined when the skill has no such file. */
export async function readReference(env: Env, skill: LoadedSkill, path: string): Promise<string | undefined> {
  const file = referenceFile(path);
  if (!file || !skill.references.has(`references/${file}`)) return undefined;
  if (skill.source === 'builtin') return builtinReference(skill.id, `references/${file}`);
  return (await readUserReference(env.BUCKET, skill.id, file)) ?? undefined;
}

/**
 * POST /skills (spec §7): SKILL.md plus references, no code. Refused (422) when SKILL.md does not
 * parse or its name is a built-in's; a user skill is replaced only by its uploader or an admin.
 */
export async function uploadSkill(env: Env, user: User, upload: SkillUpload): Promise<{ skill: SkillDetail; created: boolean }> {
  assertRole(user, ['admin', 'author'], 'upload skills');
  const parsed = parseSkillMarkdown(upload.skill_md);
  const name = parsed.frontmatter.name;
  if (builtinSkills().has(name)) {
    throw new ValidationError(`SKILL.md is invalid at frontmatter.name: "${name}" is a built-in skill; choose another name`, [
      { path: 'frontmatter.name', message: `"${name}" is a built-in skill` },
    ]);
  }
  const references: Record<string, string> = {};
  for (const [path, content] of Object.entries(upload.references)) {
    const file = referenceFile(path);
    if (!file) {
      throw new ValidationError(`references["${path}"] is not a reference file name: use "<name>.md" or "references/<name>.md" (letters, digits, ".", "_", "-")`, [
        { path: `references["${path}"]`, message: 'not a reference file name' },
      ]);
    }
    if (file in references) throw new ValidationError(`references["${path}"] names ${file} twice`, [{ path: `references["${path}"]`, message: 'duplicate' }]);
    references[file] = content;
  }
  const existing = await readUserSkill(env.BUCKET, name);
  if (existing && existing.uploaded_by !== user.id && user.role !== 'admin') {
    throw new ConflictError(`Skill "${name}" already exists, uploaded by ${existing.uploaded_by}; only they or an admin may replace it`, { skill: name });
  }
  await writeUserSkill(env.BUCKET, name, upload.skill_md, references, user.id, new Date().toISOString());
  return { skill: await getSkill(env, name), created: !existing };
}

function summaryOf(skill: LoadedSkill): SkillSummary {
  return {
    id: skill.id,
    name: skill.frontmatter.name,
    description: skill.frontmatter.description,
    source: skill.source,
    reference_count: skill.references.size,
    script_count: skill.scripts.length,
    ...(skill.uploaded_by ? { uploaded_by: skill.uploaded_by } : {}),
    ...(skill.updated_at ? { updated_at: skill.updated_at } : {}),
  };
}
