import type { Step } from '../domain/playbook';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import { authorize, dispatch } from '../broker/broker';
import { coveringApproval, requestBatchApproval, requestToolApproval } from '../broker/approvals';
import { CLEAN, TaintFlow, isTainted, parseTaint, taintJson, toolLabel, union, type Taint } from '../broker/taint';
import { RUN_SCOPED, type ToolDefinition, type ToolResult } from '../tools/types';
import { artifactInfo } from '../workspace/artifacts';
import { riskRank } from '../domain/risk';
import type { ToolCallRow } from './store';
import { randomId } from '../auth/tokens';
import { resolveVaultHandles } from '../vault/service';

/** Tag of tools whose arguments may carry `{{vault:name}}` handles. */
export const ACCEPTS_SECRETS = 'accepts-secrets';
import type { RunEngine } from './engine';

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
export async function callTool(engine: RunEngine, site: CallSite, toolId: string, args: unknown): Promise<CallOutcome> {
  const { store } = engine;
  const call_id = randomId('call');
  const now = engine.now();
  const base = { call_id, step_idx: site.step_idx, action_idx: site.action_idx ?? null, item_idx: site.item_idx ?? null, model_call_id: site.model_call_id ?? null, tool_id: toolId, started_at: now };
  engine.audit('call_requested', call_id, { tool_id: toolId, step_id: site.step.id, args: engine.maskKnownSecrets(args ?? null) });

  const auth = authorize({ tool_id: toolId, args, step: site.step });
  if (auth.kind === 'refuse') {
    store.insertCall({ ...base, connection: null, args: JSON.stringify(args ?? null), risk: auth.risk ?? 'read', status: 'refused', args_taint: taintJson(site.args_taint ?? CLEAN) });
    return refuse(engine, site, call_id, toolId, auth.code, auth.reason);
  }
  const { tool, risk, effect } = auth;
  // Files the call will read are part of what it carries (a full load of a file written from untrusted rows).
  const argsTaint = union(site.args_taint, await filesTaint(engine, tool, auth.args));
  const guard = taintGuard(tool, risk, argsTaint, store.run().tainted > 0);
  const decision = engine.policyDecision(tool, risk);
  engine.audit('policy_decision', call_id, {
    tool_id: toolId, risk, decision, ...(effect ? { effect } : {}), ...(isTainted(argsTaint) ? { taint: argsTaint } : {}), ...(guard ? { guard: guard.kind } : {}),
  });
  store.insertCall({ ...base, connection: tool.manifest.provider, args: JSON.stringify(auth.args), risk, status: 'awaiting_approval', args_taint: taintJson(argsTaint) });
  if (site.risk_max && riskRank(risk) > riskRank(site.risk_max)) {
    return refuse(engine, site, call_id, toolId, 'above_risk_max', `"${toolId}" is ${risk} here${effect ? ` (${effect})` : ''}, above the token's allowed_risk_max (${site.risk_max})`);
  }
  if (decision === 'deny') return refuse(engine, site, call_id, toolId, 'denied', `Policy denies ${risk} tools such as "${toolId}"${effect ? ` (${effect})` : ''}`);

  if (NEEDS_APPROVAL.includes(decision) || guard) {
    const covering = coveringApproval(engine, tool, auth.args, guard !== null);
    if (covering) {
      engine.audit('approval_reused', call_id, { approval_id: covering });
    } else {
      const reasons = [NEEDS_APPROVAL.includes(decision) ? `policy for ${risk} is ${decision}${effect ? ` (${effect})` : ''}` : null, guard?.reason].filter(Boolean);
      // A guard turns an allowed call into one a person approves, after its dry run where it has one.
      const asked = NEEDS_APPROVAL.includes(decision) ? decision : tool.manifest.supports_dry_run ? 'dry_run_then_approve' : 'approve';
      const tried = asked === 'dry_run_then_approve' ? await dryRunFirst(engine, site, call_id, tool, auth.args) : undefined;
      if (tried?.ok === false) return tried.outcome;
      engine.emit('tool_call_awaiting_approval', { call_id, step_id: site.step.id, tool_id: toolId, risk, decision: asked, ...(isTainted(argsTaint) ? { taint: argsTaint } : {}) });
      await requestToolApproval(engine, { call_id, step_idx: site.step_idx, tool, args: auth.args, decision: asked, reason: reasons.join('; '), taint: argsTaint, ...(tried ? { dry_run: tried.result } : {}) });
      return { kind: 'suspended', call_id };
    }
  } else if (decision === 'dry_run_first') {
    const tried = await dryRunFirst(engine, site, call_id, tool, auth.args);
    if (tried?.ok === false) return tried.outcome;
  }
  return execute(engine, site.step_idx, call_id, tool, auth.args);
}

/**
 * The dry run a policy asks for, where the tool has one. A dry run that fails ends the call
 * there: nobody is asked to approve, and nothing is sent, a call that is known to fail.
 */
async function dryRunFirst(engine: RunEngine, site: CallSite, call_id: string, tool: ToolDefinition<any>, args: unknown): Promise<{ ok: true; result: unknown } | { ok: false; outcome: CallOutcome } | undefined> {
  if (!tool.manifest.supports_dry_run) return undefined;
  const tried = await engine.dryRun(tool, args, site.step_idx, call_id);
  if (tried.ok) return tried;
  return { ok: false, outcome: failCall(engine, site.step.id, call_id, tool.manifest.id, `the dry run failed, so it was not run: ${tried.error}`) };
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

async function filesTaint(engine: RunEngine, tool: ToolDefinition<any>, args: unknown): Promise<Taint> {
  const paths = tool.reads?.(args) ?? [];
  const infos = await Promise.all(paths.map((path) => artifactInfo(engine.env, engine.store.run().id, path).catch(() => null)));
  return union(...infos.map((info) => info?.taint));
}

function refuse(engine: RunEngine, site: CallSite, call_id: string, toolId: string, code: string, reason: string): CallOutcome {
  const now = engine.now();
  engine.store.updateCall(call_id, { status: 'refused', error: reason, ended_at: now });
  engine.emit('tool_call_refused', { call_id, step_id: site.step.id, tool_id: toolId, code, reason });
  engine.audit('refused', call_id, { tool_id: toolId, code, reason });
  return { kind: 'failed', call_id, error: reason, refused: true };
}

/**
 * The next unit of a call that returned `continue`. It stays `continuing` while it runs: the
 * tool is read or compute, so after a crash the next unit simply resumes from the checkpoint.
 */
export async function continueCall(engine: RunEngine, call: ToolCallRow): Promise<CallOutcome> {
  const tool = engine.tools().get(call.tool_id);
  if (!tool) {
    const error = `There is no tool "${call.tool_id}"`;
    engine.store.updateCall(call.call_id, { status: 'error', error, ended_at: engine.now() });
    return { kind: 'failed', call_id: call.call_id, error, refused: false };
  }
  return execute(engine, call.step_idx, call.call_id, tool, JSON.parse(call.args), { checkpoint: JSON.parse(call.checkpoint ?? 'null') });
}

/**
 * Dispatch with the intent made durable first (spec §4): record intent → sync → dispatch →
 * record result. A crash between the last two leaves an `intent` row for recovery to find.
 */
export async function execute(engine: RunEngine, stepIdx: number, call_id: string, tool: ToolDefinition<any>, args: unknown, resume?: { checkpoint: unknown }): Promise<CallOutcome> {
  const { store } = engine;
  const toolId = tool.manifest.id;
  const stepId = store.step(stepIdx)?.id ?? '';
  const row = store.call(call_id)!;
  // The output derives from the arguments, the tool's own data when it brings outside content in,
  // and (added as the tool reads them) workspace files; a continuing call resumes what it had.
  const flow = new TaintFlow(union(parseTaint(row.args_taint), parseTaint(row.taint), tool.manifest.output_trust === 'untrusted' ? [toolLabel(toolId, call_id)] : CLEAN));
  if (!resume) {
    store.updateCall(call_id, { status: 'intent' });
    engine.emit('tool_call_started', { call_id, step_id: stepId, tool_id: toolId, risk: row.risk, args: engine.maskKnownSecrets(args) });
    engine.audit('dispatch', call_id, { tool_id: toolId, args: engine.maskKnownSecrets(args) });
    await engine.durable();
  }

  // `{{vault:name}}` handles are resolved only now, only for tools that take secrets, and every
  // value resolved is masked in whatever the call returns (spec §6 "Secrets").
  let dispatchArgs = args;
  if (tool.manifest.tags.includes(ACCEPTS_SECRETS)) {
    const resolved = await resolveVaultHandles(engine.env, args).catch((error: unknown) => error as Error);
    if (resolved instanceof Error) {
      store.updateCall(call_id, { status: 'error', error: resolved.message, ended_at: engine.now() });
      engine.emit('tool_call_failed', { call_id, step_id: stepId, tool_id: toolId, error: resolved.message });
      return { kind: 'failed', call_id, error: resolved.message, refused: false };
    }
    engine.rememberSecrets(resolved.secrets);
    dispatchArgs = resolved.value;
  }
  engine.inFlight.add(call_id);
  const context = { ...engine.toolContext(stepId, call_id, flow), ...(resume ? { checkpoint: resume.checkpoint } : {}) };
  const outcome = await dispatch(tool, dispatchArgs, context).finally(() => engine.inFlight.delete(call_id));
  const ended = engine.now();
  if (!(outcome.ok && outcome.result.kind === 'continue')) engine.forgetCallMemory(call_id);
  if (!outcome.ok) return failCall(engine, stepId, call_id, toolId, engine.maskKnownSecrets(outcome.error));
  const result = outcome.result;
  if (result.kind === 'done') {
    const output = engine.maskKnownSecrets(result.output ?? null);
    store.updateCall(call_id, { status: 'done', result: JSON.stringify(output), ended_at: ended, taint: taintJson(flow.taint) });
    engine.acquireTaint(flow.taint, call_id);
    if (result.cost_usd) engine.bookCost(result.cost_usd, 0);
    engine.emit('tool_call_finished', { call_id, step_id: stepId, tool_id: toolId, output });
    engine.audit('result', call_id, { tool_id: toolId, ok: true, output_hash: engine.hashOf(output), ...(result.cost_usd ? { cost_usd: result.cost_usd } : {}) });
    return { kind: 'done', call_id, output };
  }
  if (result.kind === 'continue') return continuing(engine, stepId, call_id, tool, result, flow.taint);
  engine.audit('result', call_id, { tool_id: toolId, ok: true, suspended: result.kind });
  if (result.kind === 'ask') {
    store.updateCall(call_id, { status: 'waiting' });
    await engine.ask(stepIdx, call_id, 'tool', result.question);
    return { kind: 'suspended', call_id };
  }
  if (result.kind === 'approval') {
    store.updateCall(call_id, { status: 'waiting' });
    const batchTool = engine.tools().get(result.batch.tool_id);
    if (!batchTool) {
      store.updateCall(call_id, { status: 'error', error: `There is no tool "${result.batch.tool_id}"`, ended_at: ended });
      return { kind: 'failed', call_id, error: `There is no tool "${result.batch.tool_id}"`, refused: false };
    }
    await requestBatchApproval(engine, { call_id, step_idx: stepIdx, tool: batchTool, items: result.batch.items, ...(result.batch.reason ? { reason: result.batch.reason } : {}) });
    return { kind: 'suspended', call_id };
  }
  // A fast child may already have reported back while we were still dispatching.
  const current = store.call(call_id)!;
  if (current.status === 'done') return { kind: 'done', call_id, output: JSON.parse(current.result ?? 'null') };
  if (current.status === 'error') return { kind: 'failed', call_id, error: current.error ?? 'child run failed', refused: false };
  store.updateCall(call_id, { status: 'waiting', child_run_id: result.run_id });
  return { kind: 'suspended', call_id };
}

/** A dispatched call that ended in an error: recorded, streamed and audited, its memory released. */
export function failCall(engine: RunEngine, stepId: string, call_id: string, toolId: string, error: string): CallOutcome {
  engine.forgetCallMemory(call_id);
  engine.store.updateCall(call_id, { status: 'error', error, ended_at: engine.now() });
  engine.emit('tool_call_failed', { call_id, step_id: stepId, tool_id: toolId, error });
  engine.audit('result', call_id, { tool_id: toolId, ok: false, error });
  return { kind: 'failed', call_id, error, refused: false };
}

function continuing(engine: RunEngine, stepId: string, call_id: string, tool: ToolDefinition<any>, result: Extract<ToolResult, { kind: 'continue' }>, taint: Taint): CallOutcome {
  const toolId = tool.manifest.id;
  const fail = (error: string) => failCall(engine, stepId, call_id, toolId, error);
  // Repeating a unit after a crash must be harmless, which only reads and computations are.
  if (riskRank(tool.manifest.risk) > riskRank('compute')) return fail(`"${toolId}" is a ${tool.manifest.risk} tool and may not continue across units`);
  const checkpoint = JSON.stringify(result.checkpoint ?? null);
  if (checkpoint.length > MAX_CHECKPOINT_BYTES) return fail(`"${toolId}" returned a checkpoint of ${checkpoint.length} bytes (at most ${MAX_CHECKPOINT_BYTES})`);
  // What the call has read so far stays with it: a later unit may write from memory without reading again.
  engine.store.updateCall(call_id, { status: 'continuing', checkpoint, taint: taintJson(taint) });
  engine.emit('tool_call_progress', { call_id, step_id: stepId, tool_id: toolId, progress: engine.maskKnownSecrets(result.progress ?? {}) });
  return { kind: 'continuing', call_id };
}
