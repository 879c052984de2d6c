import { z } from '@hono/zod-openapi';
import { defineTool } from '../types';
import { ToolId } from '../../domain/common';

/**
 * Declares a batch up front (spec §6 scope `batch`): one approval covers exactly these calls of
 * one tool; each later call runs only if its arguments hash to an approved item, once.
 */
export const requestApproval = defineTool({
  id: 'kbagent.request_approval',
  provider: 'kbagent',
  description: 'Ask for one approval covering a declared list of calls to one tool (each item is the exact arguments of one call).',
  risk: 'read',
  side_effects: false,
  output_trust: 'trusted',
  args: z.strictObject({
    tool_id: ToolId,
    items: z.array(z.record(z.string(), z.unknown())).min(1).max(100),
    reason: z.string().max(2000).optional(),
  }),
  execute: async (args) => ({ kind: 'approval', batch: args }),
});
