import type { Approval } from '../domain/run';
import type { ApprovalAction } from '../broker/decisions';
import type { AuditEntry, AuditVerification } from '../broker/audit';
import { NotFoundError, fromRpc, unwrapRpc } from '../errors';
import { runStub, visibleRun, type RunDeps } from './service';

/** Approvals across the runs the caller can see (spec §9 GET /approvals). */
export async function listApprovals(deps: RunDeps, status?: Approval['status']): Promise<Approval[]> {
  return fromRpc<Approval[]>(await deps.tenant.listApprovalsFor(deps.user, status));
}

/** Only someone who can see the run may decide; anyone else gets the same 404 as for a missing id. */
export async function decide(deps: RunDeps, approvalId: string, action: ApprovalAction): Promise<Approval> {
  const ref = await deps.tenant.getApprovalRefFor(deps.user, approvalId);
  if (!ref) throw new NotFoundError('Approval', approvalId);
  return fromRpc<Approval>(unwrapRpc(await runStub(deps.env, ref.run_id).decideApproval(approvalId, action, deps.user)));
}

export async function auditOf(deps: RunDeps, runId: string): Promise<{ entries: AuditEntry[]; verification: AuditVerification; jsonl: string }> {
  await visibleRun(deps, runId);
  return fromRpc(await runStub(deps.env, runId).audit());
}
