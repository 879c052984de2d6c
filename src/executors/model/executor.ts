import type { Step } from '../../domain/playbook';
import type { RunCore } from '../../run/core';
import type { UnitResult } from '../unit';
import { referenceScope, taintScope } from '../../run/scopes';
import { callTool, continueCall } from '../../broker/calls';
import { renderForModel } from '../../broker/render';
import { isTainted, parseTaint, taintJson, union } from '../../broker/taint';
import { toolAllowed, toolRegistry } from '../../tools/registry';
import { resolveModelProvider } from './resolve';
import { costUsd, worstCaseUsd } from './prices';
import { COMPLETE_TOOL, FAIL_TOOL, NUDGE, firstUserMessage, systemPrompt } from './prompt';
import { ModelProviderError, assistantMessage, type ChatMessage, type ModelToolSpec, type ToolCallRequest } from './types';
import { offeredForSkills, skillContextForStep, skillsSystemSection } from '../../skills/prompt';

const MAX_TURNS_PER_STEP = 40;
const MAX_PROVIDER_ATTEMPTS = 4;

const STEP_TOOLS: ModelToolSpec[] = [
  {
    name: COMPLETE_TOOL,
    description: 'Declare that the step\'s completion criteria are met.',
    input_schema: { type: 'object', properties: { summary: { type: 'string' }, outputs: { type: 'object' } }, required: ['summary'] },
  },
  {
    name: FAIL_TOOL,
    description: 'Declare that the step cannot be completed, with the reason.',
    input_schema: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] },
  },
];

/**
 * Model executor (spec §5): a tool-use loop limited to the step's allowed tools, one model turn
 * or one tool call per unit, so a restart resumes mid-conversation without redoing a turn.
 */
export async function runModelUnit(run: RunCore, idx: number, step: Step): Promise<UnitResult> {
  const spec = run.spec();
  const resolved = resolveModelProvider(run.env, spec.model);
  if (!resolved.ok) return { kind: 'blocked', reason: resolved.missing };

  let messages = run.store.messages(idx);
  if (messages.length === 0) {
    const scope = referenceScope(run);
    const earlier = Object.fromEntries(Object.entries(scope.steps).filter(([, s]) => Object.keys(s.outputs).length > 0).map(([id, s]) => [id, s.outputs]));
    const taint = taintScope(run);
    const prompt = { inputs: taint.inputs, steps: Object.fromEntries(Object.entries(taint.steps).map(([id, keys]) => [id, union(...Object.values(keys))])) };
    // Skill context saved by earlier runs of this Playbook is handed over here (src/skills/prompt.ts).
    const handed = await skillContextForStep(run.env, run.store.run().playbook_id, spec);
    if (handed.keys.length > 0) run.emit('skill_context_handed', { step_id: step.id, keys: handed.keys });
    const first: ChatMessage = { role: 'user', content: [firstUserMessage(step, scope.inputs, earlier, prompt), handed.message].filter(Boolean).join('\n\n') };
    run.store.appendMessage(idx, first);
    // Everything the model reads taints everything it writes: its tool arguments and its outputs.
    const seen = union(...Object.keys(scope.inputs).map((name) => prompt.inputs[name]), ...Object.keys(earlier).map((id) => prompt.steps[id]), handed.taint);
    run.store.updateStep(idx, { context_taint: taintJson(seen) });
    messages = [first];
  }

  const pending = pendingToolCall(messages);
  if (pending) return handleToolCall(run, idx, step, pending);

  const row = run.store.step(idx)!;
  if (row.turns >= MAX_TURNS_PER_STEP) return { kind: 'step_failed', error: `the model did not complete the step within ${MAX_TURNS_PER_STEP} turns` };

  const runRow = run.store.run();
  const request = {
    // Skills: descriptions always, a body only for the step that selects it; scripts only for the Playbook's skills.
    system: systemPrompt(spec, step, runRow.objective_override ?? undefined) + (await skillsSystemSection(run.env, spec, step)),
    messages,
    tools: [...offeredTools(step).filter((tool) => offeredForSkills(tool.name, spec)), ...STEP_TOOLS],
    max_output_tokens: resolved.max_output_tokens,
  };
  // Reserve the worst case before calling (spec §6): every input token plus the full output allowance.
  const inputTokens = estimateTokens(request);
  const worst = { usd: worstCaseUsd(resolved.provider.model, inputTokens, request.max_output_tokens).usd, tokens: inputTokens + request.max_output_tokens };
  const shortfall = run.budgetShortfall(worst);
  if (shortfall) return { kind: 'budget_breach', reason: shortfall, needed: worst };
  let turn;
  try {
    turn = await resolved.provider.turn(request);
  } catch (error) {
    if (!(error instanceof ModelProviderError)) throw error;
    run.emit('model_error', { step_id: step.id, provider: error.provider, status: error.status ?? null, message: error.message, retryable: error.retryable });
    if (error.retryable && row.attempts + 1 < MAX_PROVIDER_ATTEMPTS) {
      run.store.updateStep(idx, { attempts: row.attempts + 1 });
      return { kind: 'continue', delay_ms: error.retryAfterMs ?? 2000 * 2 ** row.attempts };
    }
    return { kind: 'step_failed', error: `model provider ${error.provider}: ${error.message}` };
  }

  const price = costUsd(turn.model, turn.usage);
  run.bookCost(price.usd, turn.usage.input_tokens + turn.usage.output_tokens);
  // Stored with the provider's replay state (e.g. signed thinking blocks) the next turn must send back.
  run.store.appendMessage(idx, assistantMessage(turn));
  run.store.updateStep(idx, { turns: row.turns + 1, attempts: 0 });
  run.emit('model_turn', {
    step_id: step.id,
    provider: resolved.provider.provider,
    model: turn.model,
    input_tokens: turn.usage.input_tokens,
    output_tokens: turn.usage.output_tokens,
    usd: price.usd,
    priced: price.priced,
    text: turn.text.slice(0, 4000),
    tool_calls: turn.tool_calls.map((c) => ({ id: c.id, name: c.name })),
  });
  run.emitBudget();
  if (turn.tool_calls.length === 0) run.store.appendMessage(idx, { role: 'user', content: NUDGE });
  return { kind: 'continue' };
}

/** A deliberate over-estimate (about 3.5 characters a token) so the reservation errs on the safe side. */
function estimateTokens(request: { system: string; messages: ChatMessage[]; tools: ModelToolSpec[] }): number {
  const chars = request.system.length + JSON.stringify(request.messages).length + JSON.stringify(request.tools).length;
  return Math.ceil(chars / 3.5);
}

/** Tools the step may use, as offered to the model (wildcards expanded against the registry). */
function offeredTools(step: Step): ModelToolSpec[] {
  return [...toolRegistry().values()]
    .filter((tool) => toolAllowed(step.allowed_tools, tool.manifest.id))
    .map((tool) => ({ name: tool.manifest.id, description: tool.manifest.description, input_schema: tool.manifest.input_schema }));
}

/** The first tool call of the last assistant message that has no tool result yet. */
function pendingToolCall(messages: ChatMessage[]): ToolCallRequest | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'assistant') continue;
    const answered = new Set(messages.slice(i + 1).flatMap((m) => (m.role === 'tool' ? [m.tool_call_id] : [])));
    return message.tool_calls.find((c) => !answered.has(c.id));
  }
  return undefined;
}

async function handleToolCall(run: RunCore, idx: number, step: Step, request: ToolCallRequest): Promise<UnitResult> {
  const reply = (content: string, is_error = false) =>
    run.store.appendMessage(idx, { role: 'tool', tool_call_id: request.id, name: request.name, content, ...(is_error ? { is_error } : {}) });

  if (request.name === COMPLETE_TOOL) {
    reply('Step marked complete.');
    const outputs = typeof request.args.outputs === 'object' && request.args.outputs ? (request.args.outputs as Record<string, unknown>) : {};
    return { kind: 'step_done', outputs: { summary: String(request.args.summary ?? ''), ...outputs } };
  }
  if (request.name === FAIL_TOOL) {
    reply('Step marked failed.');
    return { kind: 'step_failed', error: String(request.args.reason ?? 'the model gave up') };
  }

  const existing = run.store.callForModelCall(idx, request.id);
  if (existing?.status === 'waiting' || existing?.status === 'unknown') return { kind: 'suspended' };
  if (existing?.status === 'done' || existing?.status === 'error' || existing?.status === 'refused') {
    await replyWithResult(run, idx, request, existing.call_id);
    return { kind: 'continue' };
  }

  const contextTaint = parseTaint(run.store.step(idx)!.context_taint);
  const outcome = existing?.status === 'continuing'
    ? await continueCall(run, existing)
    : await callTool(run, { step_idx: idx, step, model_call_id: request.id, args_taint: contextTaint }, request.name, request.args);
  switch (outcome.kind) {
    case 'continuing':
      return { kind: 'continue', fresh: true };
    case 'suspended':
      return { kind: 'suspended' };
    default:
      await replyWithResult(run, idx, request, outcome.call_id);
      return { kind: 'continue' };
  }
}

/**
 * The tool result the model reads: wrapped when it derives from untrusted content (an error can
 * quote its arguments, so it carries their taint), which then taints the rest of the conversation.
 */
async function replyWithResult(run: RunCore, idx: number, request: ToolCallRequest, callId: string): Promise<void> {
  const call = run.store.call(callId)!;
  const ok = call.status === 'done';
  const taint = union(parseTaint(call.args_taint), parseTaint(call.taint));
  const content = ok ? JSON.parse(call.result ?? 'null') : `Tool call ${call.status === 'refused' ? 'refused' : 'failed'}: ${call.error}`;
  const rendered = await renderForModel(run.env, run.store.run().id, call.tool_id, callId, content, taint);
  run.store.appendMessage(idx, { role: 'tool', tool_call_id: request.id, name: request.name, content: rendered, ...(ok ? {} : { is_error: true }) });
  const context = parseTaint(run.store.step(idx)!.context_taint);
  if (isTainted(taint)) run.store.updateStep(idx, { context_taint: taintJson(union(context, taint)) });
}
