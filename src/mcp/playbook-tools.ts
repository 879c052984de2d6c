import { z } from '@hono/zod-openapi';
import { listPlaybooks } from '../playbooks/service';
import { startRun } from '../runs/start';
import type { RunDeps } from '../runs/service';
import { toolResult } from './result';
import { mcpTool, type McpTool } from './tool-def';

/** Playbooks as an AI client sees them: what it may run, and starting a run. */
export function playbookTools(deps: RunDeps): McpTool[] {
  return [
    mcpTool({
      name: 'list_playbooks',
      description: 'Playbooks you can see and run: id, name, description, revision.',
      input: z.object({}),
      annotations: { readOnlyHint: true },
      run: () => toolResult(async () => ({ playbooks: await listPlaybooks(deps) })),
    }),
    mcpTool({
      name: 'start_run',
      description: 'Start a run of a Playbook\'s current revision with the given inputs. Invalid inputs are refused with every failing field named; nothing is started then.',
      input: z.object({
        playbook_id: z.string().min(1).max(128),
        inputs: z.record(z.string(), z.unknown()).optional().describe('Input values by name, as the Playbook declares them'),
      }),
      run: ({ playbook_id, inputs }) => toolResult(async () => {
        // The same domain function as POST /playbooks/{id}/run: same checks, same messages.
        const run = await startRun(deps.env, deps.user, playbook_id, { inputs: inputs ?? {}, trigger: { type: 'mcp', by: deps.user.id } });
        return { run_id: run.id, number: run.number, status: run.status, playbook_id: run.playbook_id, revision: run.revision };
      }),
    }),
  ];
}
