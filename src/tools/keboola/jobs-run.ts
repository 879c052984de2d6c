import { z } from '@hono/zod-openapi';
import { defineTool, ToolError, type ToolContext } from '../types';
import { BranchArg, jobOutcome, onBranch, withKeboola } from './shared';

const TOOL_ID = 'keboola.jobs.run';

/**
 * Runs a configured component (an extractor, writer or transformation) as a Keboola job and waits
 * for it within the unit's limits (spec §7, keboola-api.md "Jobs Queue"). `write`: the job changes
 * the project. A job that ends in error fails the call with Keboola's message; one still running
 * when the wait ends is returned as it stands (`is_finished: false`), never started again.
 */
export const keboolaJobsRun = defineTool({
  id: TOOL_ID,
  provider: 'keboola',
  description: 'Run a configured Keboola component (e.g. component "keboola.ex-salesforce", config "12345") as a job and wait for it to finish; returns the job status.',
  risk: 'write',
  side_effects: true,
  supports_dry_run: true,
  output_trust: 'trusted',
  tags: ['keboola', 'jobs'],
  approvalTitle: (args) => `Run Keboola job ${args.component} / configuration ${args.config}`,
  args: z.strictObject({
    component: z.string().min(1).max(128).regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a component id such as "keboola.ex-salesforce"'),
    config: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a configuration id'),
    branch: BranchArg,
  }),
  execute: async (args, ctx) => {
    if (ctx.dry_run) return { kind: 'done', output: { dry_run: true, would: await planJob(ctx, args) } };
    const job = await withKeboola(TOOL_ID, onBranch(ctx, args.branch), (backend) => backend.runJob(args.component, args.config));
    return { kind: 'done', output: jobOutcome(TOOL_ID, job, `${args.component} / ${args.config}`) };
  },
});

/** What a job would run and change, for the person approving it (issue 16): read from the project's components. */
async function planJob(ctx: ToolContext, args: { component: string; config: string; branch?: string | undefined }) {
  const components = await withKeboola(TOOL_ID, onBranch(ctx, args.branch), (backend) => backend.listComponents());
  const component = components.find((c) => c.id === args.component);
  if (!component) throw new ToolError(TOOL_ID, `The project has no component "${args.component}".`);
  const configuration = component.configurations.find((c) => c.id === args.config);
  if (!configuration) throw new ToolError(TOOL_ID, `Component "${args.component}" has no configuration "${args.config}"; it has ${component.configurations.map((c) => c.id).join(', ') || 'none'}.`);
  return {
    component: args.component, component_name: component.name, component_type: component.type,
    config: args.config, config_name: configuration.name, disabled: configuration.is_disabled,
    effect: EFFECT[component.type] ?? `runs the ${component.type} component with this configuration`,
  };
}

const EFFECT: Record<string, string> = {
  extractor: 'loads data from the source system into the project\'s Storage tables it is configured to write',
  writer: 'sends data from the project\'s Storage to the system it writes to',
  transformation: 'rewrites the output tables of the transformation in Storage',
  application: 'runs the application, which may write Storage tables',
};
