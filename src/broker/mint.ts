import type { Env } from '../env';
import type { PlaybookSpec } from '../domain/playbook';
import type { RunDetail } from '../domain/run';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import { RISK_CLASSES, riskRank, type RiskClass } from '../domain/risk';
import { ConflictError, NotFoundError, fromRpc } from '../errors';
import { readRevision } from '../playbooks/store';
import { isTerminal } from '../run/status';
import { runStub, visibleRun } from '../runs/service';
import { loadTools, toolAllowed, toolRegistry } from '../tools/registry';
import { issueRunToken, type RunTokenClaims } from './run-token';

type Deps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User };

/**
 * What a run's token may do: every tool some step of the pinned revision allows, up to the
 * riskiest registry tool those entries match. Nothing the steps do not already allow.
 */
export function runTokenScope(spec: PlaybookSpec, registry: Iterable<{ manifest: { id: string; risk: RiskClass } }> = toolRegistry().values()): {
  allowed_tools: string[];
  allowed_risk_max: RiskClass;
} {
  const allowed = [...new Set(spec.sop.steps.flatMap((step) => step.allowed_tools))].sort();
  let max = 0;
  for (const { manifest } of registry) {
    if (toolAllowed(allowed, manifest.id)) max = Math.max(max, riskRank(manifest.risk));
  }
  return { allowed_tools: allowed, allowed_risk_max: RISK_CLASSES[max]! };
}

/** POST /runs/{id}/token: a token for a live run the caller can see, valid for the run's wall-clock budget. */
export async function mintRunToken(deps: Deps, runId: string): Promise<{ token: string; claims: RunTokenClaims }> {
  const run = await visibleRun(deps, runId);
  if (isTerminal(run.status)) throw new ConflictError(`Run "${runId}" has ended (${run.status}); its tools can no longer be called`, { status: run.status });
  const pinned = await readRevision(deps.env.BUCKET, run.playbook_id, run.revision);
  if (!pinned) throw new NotFoundError('Playbook revision', `${run.playbook_id}@${run.revision}`);
  // The scope's class counts registered MCP servers' and discovered configurations' tools too.
  await loadTools(deps.env);
  // The run's own budget, not the revision's: a child run's is carved from its parent's (spec §4).
  const detail = fromRpc<RunDetail>(await runStub(deps.env, runId).detail());
  return issueRunToken(deps.env, {
    run_id: run.id,
    playbook_id: run.playbook_id,
    ...runTokenScope(pinned.spec),
    ttl_seconds: detail.budget.max_wall_clock_seconds,
  });
}
