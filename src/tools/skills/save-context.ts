import { z } from '@hono/zod-openapi';
import { Slug } from '../../domain/common';
import { defineTool, ToolError } from '../types';
import { loadSkill } from '../../skills/service';
import { assertSkillInPlaybook } from '../../skills/playbook-skills';
import { contextValueProblem, saveSkillContext } from '../../skills/context';

export const SAVE_CONTEXT_TOOL = 'skill.save_context';

/**
 * Context persistence (spec §7): stores a value under a key the skill declares in its
 * `Context Persistence` table, for this Playbook; its next run gets it in the prompt. `write`:
 * it changes what later runs see, so it is governed like any other write.
 */
export const saveContext = defineTool({
  id: SAVE_CONTEXT_TOOL,
  provider: 'kbagent',
  description: 'Save a value for the next run of this Playbook under a key the skill declares in its Context Persistence table.',
  risk: 'write',
  side_effects: true,
  output_trust: 'trusted',
  tags: ['skill'],
  args: z.strictObject({
    skill: Slug,
    key: z.string().min(1).max(64),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())]),
  }),
  execute: async (args, ctx) => {
    await assertSkillInPlaybook(ctx, args.skill, SAVE_CONTEXT_TOOL);
    const skill = await loadSkill(ctx.env, args.skill);
    if (!skill) throw new ToolError(SAVE_CONTEXT_TOOL, `There is no skill "${args.skill}"`);
    const declared = skill.tables.context_persistence.map((row) => row.key);
    if (!declared.includes(args.key)) {
      throw new ToolError(SAVE_CONTEXT_TOOL, `Skill "${args.skill}" declares no context key "${args.key}"; it declares ${declared.length > 0 ? declared.join(', ') : 'none'}`);
    }
    const problem = contextValueProblem(args.value);
    if (problem) throw new ToolError(SAVE_CONTEXT_TOOL, problem);
    const updated_at = new Date().toISOString();
    await saveSkillContext(ctx.env, { playbook_id: ctx.playbook_id, skill: args.skill, key: args.key, value: args.value, run_id: ctx.run_id, updated_at, taint: ctx.taint() });
    ctx.emit('skill_context_saved', { step_id: ctx.step_id, skill: args.skill, key: args.key });
    return { kind: 'done', output: { saved: true, skill: args.skill, key: args.key, updated_at } };
  },
});
