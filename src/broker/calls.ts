import type { Step } from '../domain/playbook';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import { authorize, dispatch } from './broker';
import { branchRefusal } from './branch';
import { hashOf } from './canonical';
import { coveringApproval, requestBatchApproval, requestToolApproval } from './approvals';
import { CLEAN, TaintFlow, isTainted, parseTaint, taintJson, toolLabel, union, type Taint } from './taint';
import { RUN_SCOPED, type ToolDefinition, type ToolResult } from '../tools/types';
import { artifactInfo } from '../workspace/artifacts';
import { riskRank } from '../domain/risk';
import { randomId } from '../auth/tokens';
import { resolveVaultHandles } from '../vault/service';
import type { GovernedRun, ToolCallRow } from './ports';

/** Tag of tools whose arguments may carry `{{vault:name}}` handles. */
export const ACCEPTS_SECRETS = 'accepts-secrets';

export type CallOutcome =
  | { kind: 'done'; call_id: string; output: unknown }
  | { kind: 'failed'; call_id: string; error: string; refused: boolean }
  | { kind: 'suspended'; call_id: string }
  | { kind: 'continuing'; call_id: string };

/** A checkpoint is persisted in the run's SQLite each unit: keep it a cursor, not the data. */
const MAX_CHECKPOINT_BYTES = 256 * 1024;

/**
 * Where a call comes from. `args_taint`: the untrusted sources its arguments derive from (resolved
 * references, or a model step's conversation). `risk_max`: a run token's ceiling, applied to the
 * class by effect.
 */
export type CallSite = {
  step_idx: number; step: Step; action_idx?: number; item_idx?: number; model_call_id?: string;
  args_taint?: Taint; risk_max?: RiskClass;
};

const NEEDS_APPROVAL: readonly PolicyDecision[] = ['approve', 'dry_run_then_approve', 'approve_admin'];

/**
 * Every tool call of a run, through the Broker (spec §6): registry, allowed tools and schema →
 * class by effect → policy → taint guards → approval (or an earlier one that covers it) → dry
 * run where asked → execute. Each stage is audited before the next, and nothing is dispatched
 * that the Broker did not allow.
 */
export async function callTool(run: GovernedRun, site: CallSite, toolId: string, args: unknown): Promise<CallOutcome> {
  const call_id = randomId('call');
  const now = run.now();
  const base = { call_id, step_idx: site.step_idx, action_idx: site.action_idx ?? null, item_idx: site.item_idx ?? null, model_call_id: site.model_call_id ?? null, tool_id: toolId, started_at: now };
  run.audit('call_requested', call_id, { tool_id: toolId, step_id: site.step.id, args: run.mask(args ?? null) });

  const auth = authorize({ tool_id: toolId, args, step: site.step });
  if (auth.kind === 'refuse') {
    run.calls.insertCall({ ...base, connection: null, args: JSON.stringify(args ?? null), risk: auth.risk ?? 'read', status: 'refused', args_taint: taintJson(site.args_taint ?? CLEAN) });
    return refuse(run, site, call_id, toolId, auth.code, auth.reason);
  }
  const { tool, risk, effect } = auth;
  const offBranch = branchRefusal(tool, auth.args, run.spec().keboola?.branch);
  if (offBranch) {
    run.calls.insertCall({ ...base, connection: tool.manifest.provider, args: JSON.stringify(auth.args), risk, status: 'refused', args_taint: taintJson(site.args_taint ?? CLEAN) });
    return refuse(run, site, call_id, toolId, 'off_pinned_branch', offBranch);
  }
  const origin = run.facts().fork ? (JSON.parse(run.facts().fork!) as { mode: string; parent_run_id: string; from_step: number }) : null;
  if (origin?.mode === 'fork' && risk === 'read' && tool.manifest.output_trust === 'untrusted') {
    // A fork asks "what if" over the data its parent saw: a read of outside data the parent made
    // is served from its record (a question to a person is asked again).
    const recorded = run.calls.recordedRead(toolId, hashOf(auth.args));
    if (recorded) return replayRead(run, base, tool, auth.args, recorded, origin.parent_run_id);
  }
  // Files the call will read are part of what it carries (a full load of a file written from untrusted rows).
  const argsTaint = union(site.args_taint, await filesTaint(run, tool, auth.args));
  const guards = [taintGuard(tool, risk, argsTaint, run.facts().tainted > 0), forkGuard(tool, risk, origin)].filter((g) => g !== null);
  const guard = guards.length > 0 ? { kind: guards.map((g) => g.kind).join('+'), reason: guards.map((g) => g.reason).join('; ') } : null;
  const decision = run.decide(tool, risk);
  run.audit('policy_decision', call_id, {
    tool_id: toolId, risk, decision, ...(effect ? { effect } : {}), ...(isTainted(argsTaint) ? { taint: argsTaint } : {}), ...(guard ? { guard: guard.kind } : {}),
  });
  const aboveRiskMax = !!site.risk_max && riskRank(risk) > riskRank(site.risk_max!);
  // A call that goes straight to dispatch is stored as its intent at once: one statement, not two.
  const direct = !aboveRiskMax && decision !== 'deny' && decision !== 'dry_run_first' && !NEEDS_APPROVAL.includes(decision) && !guard;
  const row = { ...base, connection: tool.manifest.provider, args: JSON.stringify(auth.args), risk, status: direct ? ('intent' as const) : ('awaiting_approval' as const), args_taint: taintJson(argsTaint) };
  run.calls.insertCall(row);
  if (aboveRiskMax) {
    return refuse(run, site, call_id, toolId, 'above_risk_max', `"${toolId}" is ${risk} here${effect ? ` (${effect})` : ''}, above the token's allowed_risk_max (${site.risk_max})`);
  }
  if (decision === 'deny') return refuse(run, site, call_id, toolId, 'denied', `Policy denies ${risk} tools such as "${toolId}"${effect ? ` (${effect})` : ''}`);

  if (NEEDS_APPROVAL.includes(decision) || guard) {
    const covering = coveringApproval(run, tool, auth.args, guard !== null, isSink(tool, risk));
    if (covering) {
      run.audit('approval_reused', call_id, { approval_id: covering });
    } else {
      const reasons = [NEEDS_APPROVAL.includes(decision) ? `policy for ${risk} is ${decision}${effect ? ` (${effect})` : ''}` : null, guard?.reason].filter(Boolean);
      // A guard turns an allowed call into one a person approves, after its dry run where it has one.
      const asked = NEEDS_APPROVAL.includes(decision) ? decision : tool.manifest.supports_dry_run ? 'dry_run_then_approve' : 'approve';
      const tried = asked === 'dry_run_then_approve' ? await dryRunFirst(run, site, call_id, tool, auth.args) : undefined;
      if (tried?.ok === false) return tried.outcome;
      run.emit('tool_call_awaiting_approval', { call_id, step_id: site.step.id, tool_id: toolId, risk, decision: asked, ...(isTainted(argsTaint) ? { taint: argsTaint } : {}) });
      await requestToolApproval(run, { call_id, step_idx: site.step_idx, tool, args: auth.args, decision: asked, reason: reasons.join('; '), taint: argsTaint, ...(tried ? { dry_run: tried.result } : {}) });
      return { kind: 'suspended', call_id };
    }
  } else if (decision === 'dry_run_first') {
    const tried = await dryRunFirst(run, site, call_id, tool, auth.args);
    if (tried?.ok === false) return tried.outcome;
  }
  return execute(run, { ...row, taint: null }, tool, auth.args);
}

/** Runs a tool's dry-run sibling: no side effects, no intent row; the result is shown and audited. */
export async function dryRun(run: GovernedRun, tool: ToolDefinition<any>, args: unknown, stepIdx: number, callId: string): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
  const stepId = run.stepId(stepIdx);
  const outcome = await dispatch(tool, args, { ...run.toolContext(stepId, callId, new TaintFlow(CLEAN)), dry_run: true });
  const result = run.mask(outcome.ok ? (outcome.result.kind === 'done' ? outcome.result.output : { suspended: outcome.result.kind }) : { error: outcome.error });
  run.emit('dry_run', { call_id: callId, step_id: stepId, tool_id: tool.manifest.id, result });
  run.audit('dry_run', callId, { tool_id: tool.manifest.id, result_hash: hashOf(result ?? null) });
  return outcome.ok ? { ok: true, result } : { ok: false, error: run.mask(outcome.error) };
}

/** After a commit: the approved call runs now, exactly once. */
export async function executeApproved(run: GovernedRun, callId: string): Promise<void> {
  const call = run.calls.call(callId)!;
  const tool = run.tools().get(call.tool_id);
  // A registered MCP server removed while its call waited: the call fails; nothing is dispatched.
  if (!tool) {
    failCall(run, run.stepId(call.step_idx), callId, call.tool_id, `There is no tool "${call.tool_id}" any more (was its MCP server removed?); nothing was sent`);
    return;
  }
  await execute(run, call, tool, JSON.parse(call.args));
}

/**
 * The dry run a policy asks for, where the tool has one. A dry run that fails ends the call
 * there: nobody is asked to approve, and nothing is sent, a call that is known to fail.
 */
async function dryRunFirst(run: GovernedRun, site: CallSite, call_id: string, tool: ToolDefinition<any>, args: unknown): Promise<{ ok: true; result: unknown } | { ok: false; outcome: CallOutcome } | undefined> {
  if (!tool.manifest.supports_dry_run) return undefined;
  const tried = await dryRun(run, tool, args, site.step_idx, call_id);
  if (tried.ok) return tried;
  return { ok: false, outcome: failCall(run, site.step.id, call_id, tool.manifest.id, `the dry run failed, so it was not run: ${tried.error}`) };
}

/** A sink: a call whose effect leaves the run (risk write or above, not confined to the run's workspace). */
export function isSink(tool: ToolDefinition<any>, risk: RiskClass): boolean {
  return riskRank(risk) >= riskRank('write') && !tool.manifest.tags.includes(RUN_SCOPED);
}

/**
 * When taint alone requires a person (security.md, docs/security.md): a sink whose arguments
 * derive from untrusted content, or any external send once the run has taken such content in
 * (the exfiltration guard: a model that read it may carry it in words no taint tracks).
 */
function taintGuard(tool: ToolDefinition<any>, risk: RiskClass, argsTaint: Taint, runTainted: boolean): { kind: string; reason: string } | null {
  if (!isSink(tool, risk)) return null;
  if (isTainted(argsTaint)) return { kind: 'tainted_arguments', reason: `its arguments derive from untrusted content (${argsTaint.join(', ')}), so it needs its own approval` };
  if (risk === 'external_send' && runTainted) return { kind: 'exfiltration', reason: 'untrusted content has entered this run, so every external send needs its own approval' };
  return null;
}

/** A fork writes and sends nothing that a person has not approved as new. */
function forkGuard(tool: ToolDefinition<any>, risk: RiskClass, origin: { mode: string; parent_run_id: string; from_step: number } | null): { kind: string; reason: string } | null {
  if (origin?.mode !== 'fork' || !isSink(tool, risk)) return null;
  return { kind: 'fork', reason: `this run is a fork of run ${origin.parent_run_id} from step ${origin.from_step + 1}: nothing it writes or sends goes out until a person approves it as new` };
}

/** The parent's recorded output, as this fork's result of the same read; its taint comes with it. */
function replayRead(run: GovernedRun, base: Omit<ToolCallRow, 'connection' | 'args' | 'risk' | 'status' | 'args_taint' | 'result' | 'error' | 'child_run_id' | 'ended_at' | 'checkpoint' | 'taint'>, tool: ToolDefinition<any>, args: unknown, recorded: { result: string; taint: string | null }, parentRunId: string): CallOutcome {
  run.calls.insertCall({ ...base, connection: tool.manifest.provider, args: JSON.stringify(args), risk: 'read', status: 'intent', args_taint: null });
  run.calls.updateCall(base.call_id, { status: 'done', result: recorded.result, taint: recorded.taint, ended_at: run.now() });
  const output = JSON.parse(recorded.result) as unknown;
  run.acquireTaint(parseTaint(recorded.taint), base.call_id);
  run.emit('tool_call_replayed', { call_id: base.call_id, tool_id: tool.manifest.id, from_run_id: parentRunId, output });
  run.audit('replayed', base.call_id, { tool_id: tool.manifest.id, from_run_id: parentRunId, output_hash: hashOf(output) });
  return { kind: 'done', call_id: base.call_id, output };
}

async function filesTaint(run: GovernedRun, tool: ToolDefinition<any>, args: unknown): Promise<Taint> {
  const paths = tool.reads?.(args) ?? [];
  const infos = await Promise.all(paths.map((path) => artifactInfo(run.env, run.facts().id, path).catch(() => null)));
  return union(...infos.map((info) => info?.taint));
}

function refuse(run: GovernedRun, site: CallSite, call_id: string, toolId: string, code: string, reason: string): CallOutcome {
  const now = run.now();
  run.calls.updateCall(call_id, { status: 'refused', error: reason, ended_at: now });
  run.emit('tool_call_refused', { call_id, step_id: site.step.id, tool_id: toolId, code, reason });
  run.audit('refused', call_id, { tool_id: toolId, code, reason });
  return { kind: 'failed', call_id, error: reason, refused: true };
}

/**
 * The next unit of a call that returned `continue`. It stays `continuing` while it runs: the
 * tool is read or compute, so after a crash the next unit simply resumes from the checkpoint.
 */
export async function continueCall(run: GovernedRun, call: ToolCallRow): Promise<CallOutcome> {
  const tool = run.tools().get(call.tool_id);
  if (!tool) {
    const error = `There is no tool "${call.tool_id}"`;
    run.calls.updateCall(call.call_id, { status: 'error', error, ended_at: run.now() });
    return { kind: 'failed', call_id: call.call_id, error, refused: false };
  }
  return execute(run, call, tool, JSON.parse(call.args), { checkpoint: JSON.parse(call.checkpoint ?? 'null') });
}

/**
 * Dispatch with the intent made durable first (spec §4): record intent → sync → dispatch →
 * record result. A crash between the last two leaves an `intent` row for recovery to find.
 * `row`: the call as stored (the caller has it at hand, so it is not read again).
 */
export async function execute(run: GovernedRun, row: Pick<ToolCallRow, 'call_id' | 'step_idx' | 'risk' | 'args_taint' | 'taint'> & { status?: ToolCallRow['status'] }, tool: ToolDefinition<any>, args: unknown, resume?: { checkpoint: unknown }): Promise<CallOutcome> {
  const { call_id, step_idx: stepIdx } = row;
  const toolId = tool.manifest.id;
  const stepId = run.stepId(stepIdx);
  // The output derives from the arguments, the tool's own data when it brings outside content in,
  // and (added as the tool reads them) workspace files; a continuing call resumes what it had.
  const flow = new TaintFlow(union(parseTaint(row.args_taint), parseTaint(row.taint), tool.manifest.output_trust === 'untrusted' ? [toolLabel(toolId, call_id)] : CLEAN));
  if (!resume) {
    if (row.status !== 'intent') run.calls.updateCall(call_id, { status: 'intent' });
    run.emit('tool_call_started', { call_id, step_id: stepId, tool_id: toolId, risk: row.risk, args: run.mask(args) });
    run.audit('dispatch', call_id, { tool_id: toolId, args: run.mask(args) });
    // A side effect must never go out before its intent is on disk. A read or compute call needs no
    // wait: if the runtime dies first, nothing was recorded, or recovery runs it again.
    if (riskRank(row.risk) >= riskRank('write')) await run.durable();
  }

  // `{{vault:name}}` handles are resolved only now, only for tools that take secrets, and every
  // value resolved is masked in whatever the call returns (spec §6 "Secrets").
  let dispatchArgs = args;
  if (tool.manifest.tags.includes(ACCEPTS_SECRETS)) {
    const resolved = await resolveVaultHandles(run.env, args).catch((error: unknown) => error as Error);
    if (resolved instanceof Error) {
      run.calls.updateCall(call_id, { status: 'error', error: resolved.message, ended_at: run.now() });
      run.emit('tool_call_failed', { call_id, step_id: stepId, tool_id: toolId, error: resolved.message });
      return { kind: 'failed', call_id, error: resolved.message, refused: false };
    }
    run.rememberSecrets(resolved.secrets);
    dispatchArgs = resolved.value;
  }
  run.dispatching.add(call_id);
  const context = { ...run.toolContext(stepId, call_id, flow), ...(resume ? { checkpoint: resume.checkpoint } : {}) };
  const outcome = await dispatch(tool, dispatchArgs, context).finally(() => run.dispatching.delete(call_id));
  const ended = run.now();
  if (!(outcome.ok && outcome.result.kind === 'continue')) run.releaseCall(call_id);
  if (!outcome.ok) return failCall(run, stepId, call_id, toolId, run.mask(outcome.error));
  const result = outcome.result;
  if (result.kind === 'done') {
    const output = run.mask(result.output ?? null);
    run.calls.updateCall(call_id, { status: 'done', result: JSON.stringify(output), ended_at: ended, taint: taintJson(flow.taint) });
    run.acquireTaint(flow.taint, call_id);
    if (result.cost_usd) run.bookCost(result.cost_usd, 0);
    run.emit('tool_call_finished', { call_id, step_id: stepId, tool_id: toolId, output });
    run.audit('result', call_id, { tool_id: toolId, ok: true, output_hash: hashOf(output), ...(result.cost_usd ? { cost_usd: result.cost_usd } : {}) });
    return { kind: 'done', call_id, output };
  }
  if (result.kind === 'continue') return continuing(run, stepId, call_id, tool, result, flow.taint);
  run.audit('result', call_id, { tool_id: toolId, ok: true, suspended: result.kind });
  if (result.kind === 'ask') {
    run.calls.updateCall(call_id, { status: 'waiting' });
    await run.ask(stepIdx, call_id, result.question);
    return { kind: 'suspended', call_id };
  }
  if (result.kind === 'approval') {
    run.calls.updateCall(call_id, { status: 'waiting' });
    const batchTool = run.tools().get(result.batch.tool_id);
    if (!batchTool) {
      run.calls.updateCall(call_id, { status: 'error', error: `There is no tool "${result.batch.tool_id}"`, ended_at: ended });
      return { kind: 'failed', call_id, error: `There is no tool "${result.batch.tool_id}"`, refused: false };
    }
    await requestBatchApproval(run, { call_id, step_idx: stepIdx, tool: batchTool, items: result.batch.items, ...(result.batch.reason ? { reason: result.batch.reason } : {}) });
    return { kind: 'suspended', call_id };
  }
  // A fast child may already have reported back while we were still dispatching.
  const current = run.calls.call(call_id)!;
  if (current.status === 'done') return { kind: 'done', call_id, output: JSON.parse(current.result ?? 'null') };
  if (current.status === 'error') return { kind: 'failed', call_id, error: current.error ?? 'child run failed', refused: false };
  run.calls.updateCall(call_id, { status: 'waiting', child_run_id: result.run_id });
  return { kind: 'suspended', call_id };
}

/** A dispatched call that ended in an error: recorded, streamed and audited, its memory released. */
export function failCall(run: GovernedRun, stepId: string, call_id: string, toolId: string, error: string): CallOutcome {
  run.releaseCall(call_id);
  run.calls.updateCall(call_id, { status: 'error', error, ended_at: run.now() });
  run.emit('tool_call_failed', { call_id, step_id: stepId, tool_id: toolId, error });
  run.audit('result', call_id, { tool_id: toolId, ok: false, error });
  return { kind: 'failed', call_id, error, refused: false };
}

function continuing(run: GovernedRun, stepId: string, call_id: string, tool: ToolDefinition<any>, result: Extract<ToolResult, { kind: 'continue' }>, taint: Taint): CallOutcome {
  const toolId = tool.manifest.id;
  const fail = (error: string) => failCall(run, stepId, call_id, toolId, error);
  // Repeating a unit after a crash must be harmless, which only reads and computations are.
  if (riskRank(tool.manifest.risk) > riskRank('compute')) return fail(`"${toolId}" is a ${tool.manifest.risk} tool and may not continue across units`);
  const checkpoint = JSON.stringify(result.checkpoint ?? null);
  if (checkpoint.length > MAX_CHECKPOINT_BYTES) return fail(`"${toolId}" returned a checkpoint of ${checkpoint.length} bytes (at most ${MAX_CHECKPOINT_BYTES})`);
  // What the call has read so far stays with it: a later unit may write from memory without reading again.
  run.calls.updateCall(call_id, { status: 'continuing', checkpoint, taint: taintJson(taint) });
  run.emit('tool_call_progress', { call_id, step_id: stepId, tool_id: toolId, progress: run.mask(result.progress ?? {}) });
  return { kind: 'continuing', call_id };
}
