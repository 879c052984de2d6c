import { isDefaultBranch } from '../../../domain/common';
import type { StoredConfiguration } from '../../../connections/keboola/backend';
import { sqlRisk } from '../../../broker/sql-risk';
import { effectOfSql } from '../../sql-effect';
import { defineTool, ToolError, type EffectRisk, type ToolDefinition } from '../../types';
import { jobOutcome, withKeboola } from '../shared';
import { jobBody, MissingRowError, overrideChanges } from './job-body';
import { overrideArgs } from './schema';
import { COMPONENT_TOOL_RISK, type ComponentToolSpec } from './specs';

/**
 * A discovered configuration (or row) as a tool: run it as a Keboola job with typed overrides of
 * its `parameters` (specs.ts says which). The Broker checks the arguments against the component's
 * schema before anything is recorded; the call reads the configuration as stored now, lays the
 * override over it and creates one job with that body as `configData` (job-body.ts). Its output
 * carries Keboola's job message, which can quote the external system: untrusted.
 */
export function componentTool(spec: ComponentToolSpec): ToolDefinition<Record<string, unknown>> {
  const what = `${spec.component} / ${spec.config}${spec.row ? ` row ${spec.row}` : ''}`;
  const named = `${spec.component_name} ${spec.component_type} "${spec.config_name}"${spec.row_name ? ` / "${spec.row_name}"` : ''}`;
  const offered = Object.keys(spec.properties);
  return defineTool({
    id: spec.id,
    provider: 'keboola',
    description: `Run the ${named} (${what}) as a Keboola job, optionally overriding ${offered.join(', ')} for this run only; returns the job status.`.slice(0, 2_000),
    risk: COMPONENT_TOOL_RISK[spec.component_type],
    side_effects: true,
    supports_dry_run: true,
    output_trust: 'untrusted',
    tags: ['keboola', 'jobs', 'component'],
    args: overrideArgs(spec.properties),
    approvalTitle: (args) => `Run Keboola ${named}${Object.keys(args).length ? ` with ${Object.keys(args).join(', ')} overridden` : ''}`,
    riskOf: (args) => overrideRisk(spec, args),
    execute: async (args, ctx) => {
      // With configData the Queue reads neither rows nor, by Keboola's docs, the branch: a job on a
      // dev branch could land in the main branch's Storage. keboola.jobs.run runs there instead.
      if (!isDefaultBranch(ctx.keboola_branch)) {
        throw new ToolError(spec.id, `This run is pinned to Keboola dev branch ${ctx.keboola_branch}; a run with overrides cannot be kept on that branch. Use keboola.jobs.run (no overrides) on dev branches.`);
      }
      const stored = await withKeboola(spec.id, ctx, (backend) => backend.readConfiguration(spec.component, spec.config));
      const configData = bodyFor(spec, stored, args);
      if (ctx.dry_run) {
        return { kind: 'done', output: { dry_run: true, would: { component: spec.component, config: spec.config, ...(spec.row ? { row: spec.row } : {}), run: named, changes: overrideChanges(stored, spec.row, args) } } };
      }
      const job = await withKeboola(spec.id, ctx, (backend) => backend.runJob(spec.component, spec.config, { configData, ...(spec.row ? { rowIds: [spec.row] } : {}) }));
      return { kind: 'done', output: jobOutcome(spec.id, job, what) };
    },
  });
}

function bodyFor(spec: ComponentToolSpec, stored: StoredConfiguration, args: Record<string, unknown>): Record<string, unknown> {
  try {
    return jobBody(stored, spec.row, args);
  } catch (error) {
    if (error instanceof MissingRowError) throw new ToolError(spec.id, error.message);
    throw error;
  }
}

/**
 * Risk by effect of the override itself (the stored settings are the configuration owner's): a
 * `query` that is not a plain read runs that SQL in the source system, and `incremental: false`
 * makes the load replace every row of the table it loads into.
 */
function overrideRisk(spec: ComponentToolSpec, args: Record<string, unknown>): EffectRisk {
  const query = spec.component_type === 'extractor' && typeof args.query === 'string' ? effectOfSql(sqlRisk(args.query)) : null;
  if (query) return { risk: query.risk, reason: `the query override ${query.reason}` };
  if (args.incremental === false) return { risk: 'destructive', reason: 'incremental: false makes a full load, which replaces every row of the table it loads into' };
  return null;
}
