import { z } from '@hono/zod-openapi';
import { defineTool } from '../types';

/** Writes a progress note into the run's event stream; also the cheapest tool, used by the engine benchmark. */
export const logNote = defineTool({
  id: 'kbagent.log',
  provider: 'kbagent',
  description: 'Record a progress note in the run log.',
  risk: 'read',
  side_effects: false,
  output_trust: 'trusted',
  args: z.strictObject({ message: z.string().min(1).max(4000), data: z.record(z.string(), z.unknown()).optional() }),
  execute: async (args, ctx) => {
    ctx.emit('note', { step_id: ctx.step_id, message: args.message, ...(args.data ? { data: args.data } : {}) });
    return { kind: 'done', output: { logged: true } };
  },
});
