import { z } from '@hono/zod-openapi';
import type { Env } from '../env';
import { riskRank } from '../domain/risk';
import { ForbiddenError, NotFoundError, fromRpc, unwrapRpc, type RpcResult } from '../errors';
import { loadTools, toolAllowed, toolRegistry } from '../tools/registry';
import { effectiveRisk } from './broker';
import type { RunTokenClaims } from './run-token';

/** What a run answers for a call made with its token (PlaybookRun.externalCall, src/run/run-object.ts). */
export const ExternalCallResult = z
  .object({
    status: z.enum(['done', 'failed', 'refused', 'awaiting_approval']),
    output: z.unknown().optional(),
    error: z.string().optional(),
    approval_id: z.string().optional().openapi({ description: 'Set when the call waits for a person to approve it' }),
    call_id: z.string(),
  })
  .openapi('ToolCallResult');
export type ExternalCallResult = z.infer<typeof ExternalCallResult>;

/**
 * POST /tools/{id}/call with a verified run token (spec §6). The token's scope is checked here,
 * before the run sees the call; the run then applies the same Broker rules as for its own calls
 * (schema, step policy, approvals, budget) and records the call.
 */
export async function callWithRunToken(env: Env, claims: RunTokenClaims, toolId: string, args: unknown): Promise<ExternalCallResult> {
  if (!toolAllowed(claims.allowed_tools, toolId)) throw new ForbiddenError(`Tool "${toolId}" is not in this run token's allowed_tools`);
  // A registered MCP server's tool, or a discovered configuration's, is known once loaded in this isolate.
  await loadTools(env);
  const tool = toolRegistry().get(toolId);
  if (!tool) throw new NotFoundError('Tool', toolId);
  // By effect: a full load or a DELETE through a token limited to `write` is refused here too.
  // Invalid arguments are refused by the run with the path named; the manifest's class applies until then.
  const parsed = tool.args.safeParse(args);
  const { risk, effect } = parsed.success ? effectiveRisk(tool, parsed.data) : { risk: tool.manifest.risk, effect: undefined };
  if (riskRank(risk) > riskRank(claims.allowed_risk_max)) {
    throw new ForbiddenError(`Tool "${toolId}" is ${risk}${effect ? ` here (${effect})` : ''}, above this run token's allowed_risk_max (${claims.allowed_risk_max})`);
  }
  // The jti ties the run's record of the call to the token that made it.
  const run = env.RUN.get(env.RUN.idFromName(claims.run_id));
  return unwrapRpc(fromRpc<RpcResult<ExternalCallResult>>(await run.externalCall(toolId, args, claims)));
}
