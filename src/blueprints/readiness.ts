// Whether a blueprint can do what its card says here: every tool it names is in the registry
// (a wildcard must match one), every skill is bundled, and which steps need a model because they
// have no scripted actions. The catalogue shows it, fork refuses what names missing parts, and
// test/catalogue-runs.test.ts holds every blueprint to it.
import type { Blueprint, BlueprintReadiness } from '../domain/catalogue';
import { builtinSkills } from '../skills/builtin';
import { toolRegistry } from '../tools/registry';
import { ConflictError } from '../errors';

export function blueprintReadiness(b: Blueprint, tools: ReadonlyMap<string, unknown> = toolRegistry(), skills: ReadonlyMap<string, unknown> = builtinSkills()): BlueprintReadiness {
  const steps = b.playbook_template.sop.steps;
  const named = new Set(steps.flatMap((s) => [...s.allowed_tools, ...(s.actions ?? []).map((a) => a.tool)]));
  const exists = (id: string) => (id.endsWith('*') ? [...tools.keys()].some((t) => t.startsWith(id.slice(0, -1))) : tools.has(id));
  const missing_tools = [...named].filter((id) => !exists(id)).sort();
  const missing_skills = [...new Set([...b.skills, ...b.playbook_template.skills, ...steps.flatMap((s) => s.skills ?? [])])].filter((s) => !skills.has(s)).sort();
  const steps_needing_a_model = steps.filter((s) => (s.actions ?? []).length === 0).map((s) => s.id);
  return { available: missing_tools.length + missing_skills.length === 0, runs_without_model: steps_needing_a_model.length === 0, missing_tools, missing_skills, steps_needing_a_model };
}

/** A fork of a blueprint that names tools or skills that do not exist would be a Playbook that cannot run. */
export function assertAvailable(b: Blueprint): void {
  const r = blueprintReadiness(b);
  if (r.available) return;
  const parts = [r.missing_tools.length > 0 ? `tools ${r.missing_tools.join(', ')}` : '', r.missing_skills.length > 0 ? `skills ${r.missing_skills.join(', ')}` : ''].filter(Boolean);
  throw new ConflictError(`Blueprint "${b.id}" is not available yet: it names ${parts.join(' and ')}, which do not exist here`, { missing_tools: r.missing_tools, missing_skills: r.missing_skills });
}
