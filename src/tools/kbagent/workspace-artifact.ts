import { z } from '@hono/zod-openapi';
import { RUN_SCOPED, defineTool } from '../types';

/** Writes a file into the run's workspace (R2 under runs/<run_id>/): `write`, but its effect stays in the run. */
export const workspaceArtifact = defineTool({
  id: 'kbagent.workspace_artifact',
  provider: 'kbagent',
  description: 'Write a file (report, CSV, JSON, Markdown) into this run\'s workspace.',
  risk: 'write',
  side_effects: true,
  output_trust: 'trusted',
  tags: ['workspace', RUN_SCOPED],
  args: z.strictObject({
    path: z.string().min(1).max(512),
    content: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
    content_type: z.string().max(128).optional(),
    encoding: z.enum(['utf8', 'base64']).default('utf8'),
  }),
  execute: async (args, ctx) => {
    const body =
      typeof args.content !== 'string'
        ? JSON.stringify(args.content, null, 2)
        : args.encoding === 'base64'
          ? Uint8Array.from(atob(args.content), (c) => c.charCodeAt(0))
          : args.content;
    const written = await ctx.workspace.write(args.path, body, args.content_type);
    ctx.emit('artifact', { step_id: ctx.step_id, ...written });
    return { kind: 'done', output: written };
  },
});
