import { z } from '@hono/zod-openapi';
import { keboolaBackend, type KeboolaBackend } from '../../connections/keboola';
import type { JobInfo } from '../../connections/keboola/backend';
import { ToolError, type ToolContext } from '../types';

export { BucketId, TableId } from '../../domain/common';
import { KeboolaBranch as KeboolaBranchSchema } from '../../domain/common';
export const ArtifactPath = z.string().min(1).max(512);

/**
 * Runs `work` against the configured Keboola (or the sample) and turns any failure into a
 * ToolError naming the tool, so the run applies the step's on_failure with Keboola's own words
 * ("Keboola refused the token…") instead of crashing.
 */
export async function withKeboola<T>(toolId: string, ctx: ToolContext, work: (backend: KeboolaBackend) => Promise<T>): Promise<T> {
  try {
    return await work(await keboolaBackend(ctx));
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError(toolId, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The context a call works in: its own `branch` argument wins over the branch the Playbook pins. */
export function onBranch(ctx: ToolContext, branch: string | undefined): ToolContext {
  return branch ? { ...ctx, keboola_branch: branch } : ctx;
}

/** Every keboola.* tool takes it (issue 17); the Broker refuses a write off the run's pinned dev branch. */
export const BranchArg = KeboolaBranchSchema.optional().describe('Keboola branch: "default" (main) or a dev branch id; default: the branch the Playbook pins, else main');

const FAILED = new Set(['error', 'cancelled', 'terminated']);

/**
 * What a finished job call returns: a job that ended in error fails the call with Keboola's
 * message; one still running when the wait ended is returned as it stands, never started again.
 */
export function jobOutcome(toolId: string, job: JobInfo, what: string): JobInfo & { note?: string } {
  if (FAILED.has(job.status)) {
    const said = job.message ? `: ${job.message.replace(/\.+$/, '')}` : '';
    throw new ToolError(toolId, `Keboola job ${job.id} (${what}) ended ${job.status}${said}.`);
  }
  return job.is_finished ? job : { ...job, note: `Job ${job.id} is still ${job.status} on Keboola; it was not started again. Follow it at ${job.url ?? 'the project\'s Jobs page'}.` };
}
