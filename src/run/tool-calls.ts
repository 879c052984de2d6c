import type { Step } from '../domain/playbook';
import type { PolicyDecision } from '../domain/risk';
import { authorize, dispatch } from '../broker/broker';
import { coveringApproval, requestBatchApproval, requestToolApproval } from '../broker/approvals';
import type { ToolDefinition, ToolResult } from '../tools/types';
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

export type CallSite = { step_idx: number; step: Step; action_idx?: number; item_idx?: number; model_call_id?: string };

const NEEDS_APPROVAL: readonly PolicyDecision[] = ['approve', 'dry_run_then_approve', 'approve_admin'];

/**
 * Every tool call of a run, through the Broker (spec §6): registry, allowed tools and schema →
 * policy → approval (or an earlier one that covers it) → dry run where asked → execute. Each
 * stage is audited before the next, and nothing is dispatched that the Broker did not allow.
 */
export async function callTool(engine: RunEngine, site: CallSite, toolId: string, args: unknown): Promise<CallOutcome> {
  const { store } = engine;
  const call_id = randomId('call');
  const now = engine.now();
  const base = { call_id, step_idx: site.step_idx, action_idx: site.action_idx ?? null, item_idx: site.item_idx ?? null, model_call_id: site.model_call_id ?? null, tool_id: toolId, started_at: now };
  engine.audit('call_requested', call_id, { tool_id: toolId, step_id: site.step.id, args: engine.maskKnownSecrets(args ?? null) });

  const auth = authorize({ tool_id: toolId, args, step: site.step });
  if (auth.kind === 'refuse') {
    store.insertCall({ ...base, connection: null, args: JSON.stringify(args ?? null), risk: auth.risk ?? 'read', status: 'refused' });
    return refuse(engine, site, call_id, toolId, auth.code, auth.reason);
  }
  const { tool, risk } = auth;
  const decision = await engine.policyDecision(tool);
  const guarded = risk === 'external_send' && store.run().tainted === 1;
  engine.audit('policy_decision', call_id, { tool_id: toolId, risk, decision, exfiltration_guard: guarded });
  store.insertCall({ ...base, connection: tool.manifest.provider, args: JSON.stringify(auth.args), risk, status: 'awaiting_approval' });
  if (decision === 'deny') return refuse(engine, site, call_id, toolId, 'denied', `Policy denies ${risk} tools such as "${toolId}"`);

  if (NEEDS_APPROVAL.includes(decision) || guarded) {
    const covering = coveringApproval(engine, tool, auth.args);
    if (covering) {
      engine.audit('approval_reused', call_id, { approval_id: covering });
    } else {
      const reason = guarded && !NEEDS_APPROVAL.includes(decision)
        ? 'untrusted content has entered this run, so every external send needs its own approval'
        : `policy for ${risk} is ${decision}`;
      engine.emit('tool_call_awaiting_approval', { call_id, step_id: site.step.id, tool_id: toolId, risk, decision });
      await requestToolApproval(engine, { call_id, step_idx: site.step_idx, tool, args: auth.args, decision: guarded && decision === 'allow' ? 'approve' : decision, reason });
      return { kind: 'suspended', call_id };
    }
  } else if (decision === 'dry_run_first' && tool.manifest.supports_dry_run) {
    await engine.dryRun(tool, auth.args, site.step_idx, call_id);
  }
  return execute(engine, site.step_idx, call_id, tool, auth.args);
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
  if (!resume) {
    store.updateCall(call_id, { status: 'intent' });
    engine.emit('tool_call_started', { call_id, step_id: stepId, tool_id: toolId, risk: tool.manifest.risk, args: engine.maskKnownSecrets(args) });
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
  const context = { ...engine.toolContext(stepId, call_id), ...(resume ? { checkpoint: resume.checkpoint } : {}) };
  const outcome = await dispatch(tool, dispatchArgs, context).finally(() => engine.inFlight.delete(call_id));
  const ended = engine.now();
  if (!(outcome.ok && outcome.result.kind === 'continue')) engine.forgetCallMemory(call_id);
  if (!outcome.ok) return failCall(engine, stepId, call_id, toolId, engine.maskKnownSecrets(outcome.error));
  const result = outcome.result;
  if (result.kind === 'done') {
    const output = engine.maskKnownSecrets(result.output ?? null);
    store.updateCall(call_id, { status: 'done', result: JSON.stringify(output), ended_at: ended });
    if (tool.manifest.output_trust === 'untrusted') engine.taint(toolId, call_id);
    if (result.cost_usd) engine.bookCost(result.cost_usd, 0);
    engine.emit('tool_call_finished', { call_id, step_id: stepId, tool_id: toolId, output });
    engine.audit('result', call_id, { tool_id: toolId, ok: true, output_hash: engine.hashOf(output), ...(result.cost_usd ? { cost_usd: result.cost_usd } : {}) });
    return { kind: 'done', call_id, output };
  }
  if (result.kind === 'continue') return continuing(engine, stepId, call_id, tool, result);
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

function continuing(engine: RunEngine, stepId: string, call_id: string, tool: ToolDefinition<any>, result: Extract<ToolResult, { kind: 'continue' }>): CallOutcome {
  const toolId = tool.manifest.id;
  const fail = (error: string) => failCall(engine, stepId, call_id, toolId, error);
  // Repeating a unit after a crash must be harmless, which only reads and computations are.
  if (riskRank(tool.manifest.risk) > riskRank('compute')) return fail(`"${toolId}" is a ${tool.manifest.risk} tool and may not continue across units`);
  const checkpoint = JSON.stringify(result.checkpoint ?? null);
  if (checkpoint.length > MAX_CHECKPOINT_BYTES) return fail(`"${toolId}" returned a checkpoint of ${checkpoint.length} bytes (at most ${MAX_CHECKPOINT_BYTES})`);
  engine.store.updateCall(call_id, { status: 'continuing', checkpoint });
  engine.emit('tool_call_progress', { call_id, step_id: stepId, tool_id: toolId, progress: engine.maskKnownSecrets(result.progress ?? {}) });
  return { kind: 'continuing', call_id };
}
