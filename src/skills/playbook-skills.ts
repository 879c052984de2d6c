import type { PlaybookSpec } from '../domain/playbook';
import type { Run } from '../domain/run';
import { tenantStub } from '../api/context';
import { fromRpc } from '../errors';
import { readRevision } from '../playbooks/store';
import { ToolError, type ToolContext } from '../tools/types';

/** The Playbook's skills: those it lists, and any a step selects without the Playbook listing it. */
export function skillsOf(spec: PlaybookSpec): string[] {
  return [...new Set([...spec.skills, ...spec.sop.steps.flatMap((step) => step.skills)])];
}

/**
 * The skills of the Playbook revision the calling run pinned. Tools see the run, not its spec,
 * so this reads the run's index entry (for the revision) and the revision itself.
 */
export async function playbookSkills(ctx: ToolContext): Promise<readonly string[]> {
  const run = fromRpc<Run | null>(await tenantStub(ctx.env).getRun(ctx.run_id));
  const pinned = run ? await readRevision(ctx.env.BUCKET, run.playbook_id, run.revision) : null;
  return pinned ? skillsOf(pinned.spec) : [];
}

/**
 * Skill tools act only for skills the Playbook declares (spec §2: skills are part of the
 * Playbook), so a step's wildcard such as `skill.*` cannot reach into every skill of the tenant.
 */
export async function assertSkillInPlaybook(ctx: ToolContext, skill: string, toolId: string): Promise<void> {
  const skills = await playbookSkills(ctx);
  if (!skills.includes(skill)) {
    throw new ToolError(toolId, `Skill "${skill}" is not one of this Playbook's skills (${skills.length > 0 ? skills.join(', ') : 'none'})`);
  }
}
