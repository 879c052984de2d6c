import type { Approval } from '../domain/run';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import { randomId } from '../auth/tokens';
import type { ToolDefinition } from '../tools/types';
import type { ApprovalRow, GovernedRun } from './ports';
import type { RunIndexUpdate } from '../tenant/run-index';
import { bodyHash, canonicalJson, sha256Hex, type CallPayload } from './canonical';
import { destinationOf } from './destination';
import { parseTaint, taintJson, type Taint } from './taint';
import { artifactInfo } from '../workspace/artifacts';

/**
 * The payload of a tool call as bound by its approval; recomputed from the call row at commit.
 * Workspace files the call reads are bound by their etag: approving a full load of `out.csv`
 * approves that content, and a file rewritten before the commit refuses it.
 */
export async function callPayload(run: GovernedRun, callId: string): Promise<CallPayload> {
  const call = run.calls.call(callId)!;
  const args = JSON.parse(call.args) as unknown;
  const paths = run.tools().get(call.tool_id)?.reads?.(args as never) ?? [];
  const runId = run.facts().id;
  const files: Record<string, string> = {};
  for (const path of paths) files[path] = (await artifactInfo(run.env, runId, path).catch(() => null))?.etag ?? 'missing';
  return { tool_id: call.tool_id, connection: call.connection ?? null, args, run_id: runId, call_id: callId, ...(paths.length > 0 ? { files } : {}) };
}

/** A batch item binds tool, connection, arguments and run — not a call id, which does not exist yet. */
function batchItemHash(toolId: string, connection: string, args: unknown, runId: string): string {
  return sha256Hex(canonicalJson({ tool_id: toolId, connection, args, run_id: runId }));
}

export async function requestToolApproval(
  run: GovernedRun,
  p: { call_id: string; step_idx: number; tool: ToolDefinition<any>; args: unknown; decision: PolicyDecision; reason: string; taint: Taint; dry_run?: unknown },
): Promise<void> {
  const payload = await callPayload(run, p.call_id);
  const risk = run.calls.call(p.call_id)!.risk;
  await openApproval(run, {
    kind: 'tool',
    call_id: p.call_id,
    step_idx: p.step_idx,
    tool_id: p.tool.manifest.id,
    connection: payload.connection,
    destination: destinationOf(p.args),
    risk,
    scope: 'single',
    title: p.tool.approvalTitle?.(p.args as never) ?? `Run ${p.tool.manifest.id}${destinationOf(p.args) ? ` → ${destinationOf(p.args)}` : ''}`,
    reason: p.reason,
    payload,
    body_hash: bodyHash(payload),
    dry_run_result: p.dry_run === undefined ? null : JSON.stringify(p.dry_run),
    batch_hashes: null,
    admin_only: p.decision === 'approve_admin' ? 1 : 0,
    taint: taintJson(p.taint),
  });
}

export async function requestBatchApproval(
  run: GovernedRun,
  p: { call_id: string; step_idx: number; tool: ToolDefinition<any>; items: Record<string, unknown>[]; reason?: string },
): Promise<void> {
  const runId = run.facts().id;
  const connection = p.tool.manifest.provider;
  const payload = { tool_id: p.tool.manifest.id, connection, items: p.items, run_id: runId, call_id: p.call_id };
  await openApproval(run, {
    kind: 'batch',
    call_id: p.call_id,
    step_idx: p.step_idx,
    tool_id: p.tool.manifest.id,
    connection,
    destination: null,
    risk: p.tool.manifest.risk,
    scope: 'batch',
    title: `Approve ${p.items.length} calls of ${p.tool.manifest.id}`,
    reason: p.reason ?? null,
    payload,
    body_hash: sha256Hex(canonicalJson(payload)),
    dry_run_result: null,
    batch_hashes: JSON.stringify(p.items.map((args) => batchItemHash(p.tool.manifest.id, connection, args, runId))),
    admin_only: 0,
    taint: null,
  });
}

export async function requestBudgetApproval(run: GovernedRun, p: { reason: string; raise_percent: number; new_budget: Record<string, number> }): Promise<void> {
  const facts = run.facts();
  const payload = { raise_percent: p.raise_percent, new_budget: p.new_budget, run_id: facts.id };
  await openApproval(run, {
    kind: 'budget',
    call_id: null,
    step_idx: facts.step_index,
    tool_id: 'budget.raise',
    connection: null,
    destination: null,
    risk: 'admin' satisfies RiskClass,
    scope: 'single',
    title: `Raise the run's budget by ${p.raise_percent}%`,
    reason: p.reason,
    payload,
    body_hash: sha256Hex(canonicalJson(payload)),
    dry_run_result: null,
    batch_hashes: null,
    admin_only: 0,
    taint: null,
  });
}

async function openApproval(run: GovernedRun, row: Omit<ApprovalRow, 'id' | 'status' | 'requested_by' | 'created_at' | 'expires_at' | 'undo_until' | 'decided_by' | 'decided_at' | 'comment' | 'previous_hash' | 'diff' | 'used_hashes' | 'run_taint_seen' | 'payload'> & { payload: unknown }): Promise<void> {
  const facts = run.facts();
  const id = randomId('appr');
  const nowMs = Date.now();
  const ttl = run.spec().approval_policy.default_ttl_seconds;
  const expires_at = new Date(nowMs + ttl * 1000).toISOString();
  const created_at = new Date(nowMs).toISOString();
  run.governance.insertApproval({ ...row, id, payload: JSON.stringify(row.payload), status: 'pending', requested_by: `run:${facts.id}`, created_at, expires_at });
  run.tell({ kind: 'inbox_open', item: inboxItem(run, run.governance.approval(id)!) });
  run.governance.setTimer('approval_expiry', id, nowMs + ttl * 1000);
  const view = approvalView(run, run.governance.approval(id)!);
  run.emit('approval_requested', { approval_id: id, kind: row.kind, title: row.title, risk: row.risk, body_hash: row.body_hash, payload: row.payload, expires_at, ...(row.dry_run_result ? { dry_run_result: JSON.parse(row.dry_run_result) } : {}), ...(row.taint ? { untrusted_sources: parseTaint(row.taint) } : {}) });
  run.audit('approval_requested', row.call_id, { approval_id: id, kind: row.kind, tool_id: row.tool_id, body_hash: row.body_hash, expires_at });
  run.tell({ kind: 'approval', approval: view });
  await run.syncIndex();
  await run.waitForApproval(row.title);
}

/**
 * An earlier approval that already authorises this call: a committed `session` approval for the
 * same tool, connection and destination, or an unused item of an approved batch. A call the taint
 * guard holds (`guarded`: untrusted data in its arguments, or an external send of a tainted run)
 * is never covered: it is approved on its own, with its exact payload and where its data came from
 * in front of the approver (docs/security.md). Nor is a sink once the run has taken in untrusted
 * data after the approval was decided: the person approved a run that had not read it yet.
 */
export function coveringApproval(run: GovernedRun, tool: ToolDefinition<any>, args: unknown, guarded: boolean, sink: boolean): string | null {
  if (guarded) return null;
  const facts = run.facts();
  for (const approval of run.governance.approvalsWithStatus('committed', 'approved')) {
    if (approval.tool_id !== tool.manifest.id) continue;
    if (sink && facts.tainted > approval.run_taint_seen) continue;
    if (approval.kind === 'tool' && approval.scope === 'session' && approval.status === 'committed') {
      if (approval.connection === tool.manifest.provider && approval.destination === destinationOf(args)) return approval.id;
    }
    if (approval.kind === 'batch') {
      const hash = batchItemHash(tool.manifest.id, tool.manifest.provider, args, facts.id);
      const allowed = JSON.parse(approval.batch_hashes ?? '[]') as string[];
      const used = JSON.parse(approval.used_hashes ?? '[]') as string[];
      const remaining = allowed.filter((h) => h === hash).length - used.filter((h) => h === hash).length;
      if (remaining > 0) {
        run.governance.updateApproval(approval.id, { used_hashes: JSON.stringify([...used, hash]) });
        return approval.id;
      }
    }
  }
  return null;
}

/**
 * Every status change of an approval goes through here: the tenant's copy (GET /approvals, the
 * inbox) is queued in the run's outbox in the same synchronous step, so it survives a crash
 * between the change and the index update; `syncIndex` sends it (and on every wake).
 */
export function updateApproval(run: GovernedRun, id: string, fields: Partial<Omit<ApprovalRow, 'id'>>): void {
  run.governance.updateApproval(id, fields);
  const row = run.governance.approval(id)!;
  run.tell({ kind: 'approval', approval: approvalView(run, row) });
  if (row.status !== 'pending' && row.status !== 'approved') run.tell({ kind: 'inbox_close', id });
}

/**
 * What the Tenant should hold for one approval, as its row says now: its view (GET /approvals) and
 * its inbox item, open while it awaits a decision or its commit. Recovery sends these on wake.
 */
export function approvalIndexUpdates(run: GovernedRun, row: ApprovalRow): RunIndexUpdate[] {
  const approval = { kind: 'approval' as const, approval: approvalView(run, row) };
  return row.status === 'pending' || row.status === 'approved' ? [approval, { kind: 'inbox_open', item: inboxItem(run, row) }] : [approval, { kind: 'inbox_close', id: row.id }];
}

function inboxItem(run: GovernedRun, row: ApprovalRow) {
  const facts = run.facts();
  return { id: row.id, kind: 'approval' as const, run_id: facts.id, playbook_id: facts.playbook_id, title: row.title, created_at: row.created_at };
}

export function approvalView(run: GovernedRun, row: ApprovalRow): Approval {
  const facts = run.facts();
  const stepId = row.step_idx === null ? undefined : run.stepId(row.step_idx) || undefined;
  return {
    id: row.id,
    run_id: facts.id,
    playbook_id: facts.playbook_id,
    ...(stepId ? { step_id: stepId } : {}),
    call_id: row.call_id ?? '',
    kind: row.kind,
    tool_id: row.tool_id,
    ...(row.connection ? { connection: row.connection } : {}),
    ...(row.destination ? { destination: row.destination } : {}),
    risk: row.risk,
    scope: row.scope,
    title: row.title,
    ...(row.reason ? { reason: row.reason } : {}),
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    body_hash: row.body_hash,
    ...(row.previous_hash ? { previous_hash: row.previous_hash, diff: JSON.parse(row.diff ?? '[]') as { path: string; before: unknown; after: unknown }[] } : {}),
    ...(row.dry_run_result ? { dry_run_result: JSON.parse(row.dry_run_result) as unknown } : {}),
    ...(row.taint ? { untrusted_sources: parseTaint(row.taint) as string[] } : {}),
    status: row.status,
    requested_by: row.requested_by,
    requested_for: facts.created_by,
    expires_at: row.expires_at,
    ...(row.undo_until ? { undo_until: row.undo_until } : {}),
    ...(row.decided_by ? { decided_by: row.decided_by } : {}),
    ...(row.decided_at ? { decided_at: row.decided_at } : {}),
    ...(row.comment ? { comment: row.comment } : {}),
    admin_only: row.admin_only === 1,
    commit_held: row.status === 'approved' && facts.paused === 1,
    undo_window_seconds: row.kind === 'tool' && row.risk === 'external_send' ? run.spec().approval_policy.undo_window_seconds_for_external_send : 0,
    created_at: row.created_at,
  };
}
