import { z } from '@hono/zod-openapi';
import { keboolaBackend, type KeboolaBackend } from '../../connections/keboola';
import { ToolError, type ToolContext } from '../types';

export { BucketId, TableId } from '../../domain/common';
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
