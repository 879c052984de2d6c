import type { Env } from '../env';
import type { PlaybookSpec, Step } from '../domain/playbook';
import { builtinScripts, type LoadedSkill } from './builtin';
import { loadSkill } from './service';
import { skillsOf } from './playbook-skills';
import { contextMessage, savedContext } from './context';
import { CLEAN, union, type Taint } from '../broker/taint';

/**
 * Skills in a model step's prompt (spec §5): every Playbook skill's DESCRIPTION in the system
 * prompt, a skill's BODY only in steps that select it (`step.skills`), references never (they
 * come back only as `skill.load_reference` results).
 */
export async function skillsSystemSection(env: Env, spec: PlaybookSpec, step: Step): Promise<string> {
  const ids = skillsOf(spec);
  if (ids.length === 0) return '';
  const skills = await loadAll(env, ids);
  const lines = [
    '',
    'Skills (knowledge packs) this Playbook uses. Their references are not in this prompt: to read one, call skill.load_reference with {"skill", "path"} (if this step allows it).',
  ];
  for (const id of ids) {
    const skill = skills.get(id);
    if (!skill) {
      lines.push(`- ${id}: not available (no built-in or uploaded skill has this name)`);
      continue;
    }
    const extras = [
      skill.references.size > 0 ? `references: ${[...skill.references.keys()].join(', ')}` : '',
      skill.scripts.length > 0 ? `scripts: ${skill.scripts.map((s) => s.tool.manifest.id).join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`- ${id}: ${skill.frontmatter.description.trim()}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`);
  }
  for (const id of step.skills) {
    const skill = skills.get(id);
    if (skill) lines.push('', `Skill selected for this step:`, `<skill name="${id}">`, skill.body.trim(), '</skill>');
  }
  return lines.join('\n');
}

/** Scripts are tools of their skill: offered only to Playbooks that use the skill (and steps that allow the tool). */
export function offeredForSkills(toolId: string, spec: PlaybookSpec): boolean {
  const script = builtinScripts().find((s) => s.tool.manifest.id === toolId);
  return !script || skillsOf(spec).includes(script.skill);
}

/**
 * Saved context handed to a model step (its first message), and what the run records about it:
 * which skills were found and which keys were handed over.
 */
export async function skillContextForStep(env: Env, playbookId: string, spec: PlaybookSpec): Promise<{ message: string; keys: string[]; taint: Taint }> {
  const ids = skillsOf(spec);
  if (ids.length === 0) return { message: '', keys: [], taint: CLEAN };
  const saved = await savedContext(env, playbookId, ids);
  return { message: contextMessage(saved), keys: saved.map((s) => `${s.skill}.${s.key}`), taint: union(...saved.map((s) => s.taint)) };
}

async function loadAll(env: Env, ids: readonly string[]): Promise<Map<string, LoadedSkill>> {
  // A skill that no longer parses is "not available" to the step, not a failed step.
  const loaded = await Promise.all(ids.map(async (id) => [id, await loadSkill(env, id).catch(() => null)] as const));
  return new Map(loaded.filter((entry): entry is readonly [string, LoadedSkill] => entry[1] !== null));
}
