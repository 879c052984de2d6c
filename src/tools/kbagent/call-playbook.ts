import { z } from '@hono/zod-openapi';
import { defineTool } from '../types';
import { startChildRun } from '../../runs/start';

/**
 * Starts a child run of another Playbook; the parent waits and continues with its outputs (spec §4).
 * `trusted` names the tool's own data; the output carries the child's taint (childFinished, src/run/people.ts).
 */
export const callPlaybook = defineTool({
  id: 'kbagent.call_playbook',
  provider: 'kbagent',
  description: 'Run another Playbook as a sub-playbook and wait for its outputs. Its budget is carved out of this run\'s remaining budget.',
  risk: 'compute',
  side_effects: false,
  output_trust: 'trusted',
  args: z.strictObject({
    playbook_id: z.string().min(1).max(128),
    inputs: z.record(z.string(), z.unknown()).default({}),
    budget_share: z.number().gt(0).max(1).default(0.5),
  }),
  execute: async (args, ctx) => {
    const child = await startChildRun(ctx.env, { run_id: ctx.run_id, call_id: ctx.call_id, run_by: ctx.run_by, remaining: ctx.remaining_budget, taint: ctx.taint() }, args);
    ctx.emit('child_run_started', { step_id: ctx.step_id, child_run_id: child.id, playbook_id: args.playbook_id });
    return { kind: 'child', run_id: child.id };
  },
});
