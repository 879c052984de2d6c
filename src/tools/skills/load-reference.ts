import { z } from '@hono/zod-openapi';
import { Slug } from '../../domain/common';
import { defineTool, ToolError } from '../types';
import { loadSkill, readReference } from '../../skills/service';
import { assertSkillInPlaybook } from '../../skills/playbook-skills';

export const LOAD_REFERENCE_TOOL = 'skill.load_reference';

/**
 * References are loaded only on demand (spec §5): the prompt names them, this tool returns one.
 * Trusted: skill content is written by Playbook authors, like the Playbook itself.
 */
export const loadReference = defineTool({
  id: LOAD_REFERENCE_TOOL,
  provider: 'kbagent',
  description: 'Load one reference document of a skill this Playbook uses, e.g. {"skill": "data-quality-profiling", "path": "references/interpreting-profiles.md"}.',
  risk: 'read',
  side_effects: false,
  output_trust: 'trusted',
  tags: ['skill'],
  args: z.strictObject({
    skill: Slug,
    path: z.string().min(1).max(200),
  }),
  execute: async (args, ctx) => {
    await assertSkillInPlaybook(ctx, args.skill, LOAD_REFERENCE_TOOL);
    const skill = await loadSkill(ctx.env, args.skill);
    if (!skill) throw new ToolError(LOAD_REFERENCE_TOOL, `There is no skill "${args.skill}"`);
    const text = await readReference(ctx.env, skill, args.path);
    if (text === undefined) {
      const known = [...skill.references.keys()];
      throw new ToolError(LOAD_REFERENCE_TOOL, `Skill "${args.skill}" has no reference "${args.path}"; it has ${known.length > 0 ? known.join(', ') : 'none'}`);
    }
    return { kind: 'done', output: text };
  },
});
