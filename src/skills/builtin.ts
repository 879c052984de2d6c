import { SKILL_FILES, SKILL_SCRIPTS } from '../generated/skills';
import { parseSkillMarkdown, type ParsedSkill } from './parse';
import { scriptTool, type SkillScriptModule } from './script';
import type { ToolDefinition } from '../tools/types';

export type SkillScript = { name: string; module: SkillScriptModule; tool: ToolDefinition<unknown> };

/** A skill the loader can hand out, wherever it came from (bundle or R2). */
export type LoadedSkill = ParsedSkill & {
  id: string;
  source: 'builtin' | 'user';
  /** `references/<file>.md` → size in bytes; the text itself is read only on demand. */
  references: ReadonlyMap<string, number>;
  scripts: readonly SkillScript[];
  uploaded_by?: string;
  updated_at?: string;
};

let scripts: readonly (SkillScript & { skill: string })[] | undefined;

/** Every built-in script as a Broker tool; built once per isolate from the generated import list. */
export function builtinScripts(): readonly (SkillScript & { skill: string })[] {
  scripts ??= SKILL_SCRIPTS.map(({ skill, script, module }) => ({ skill, name: script, module, tool: scriptTool(skill, script, module) }));
  return scripts;
}

let cached: ReadonlyMap<string, LoadedSkill> | undefined;

/**
 * The bundled skills (skills/<name>/), parsed once per isolate. A broken SKILL.md, or one whose
 * name is not its folder's, is a build defect: this throws with the file named (its test runs it).
 */
export function builtinSkills(files: Readonly<Record<string, string>> = SKILL_FILES): ReadonlyMap<string, LoadedSkill> {
  if (files === SKILL_FILES && cached) return cached;
  const skills = new Map<string, LoadedSkill>();
  for (const [path, text] of Object.entries(files)) {
    const match = /^skills\/([^/]+)\/SKILL\.md$/.exec(path);
    if (!match) continue;
    const id = match[1]!;
    const parsed = parseSkillMarkdown(text, path);
    if (parsed.frontmatter.name !== id) throw new Error(`${path}: frontmatter name "${parsed.frontmatter.name}" must be the folder name "${id}"`);
    const prefix = `skills/${id}/`;
    const references = new Map(
      Object.entries(files)
        .filter(([p]) => p.startsWith(`${prefix}references/`))
        .map(([p, t]) => [p.slice(prefix.length), new TextEncoder().encode(t).byteLength] as const),
    );
    skills.set(id, { ...parsed, id, source: 'builtin', references, scripts: builtinScripts().filter((s) => s.skill === id) });
  }
  if (files === SKILL_FILES) cached = skills;
  return skills;
}

export function builtinReference(skill: string, path: string): string | undefined {
  return SKILL_FILES[`skills/${skill}/${path}`];
}
