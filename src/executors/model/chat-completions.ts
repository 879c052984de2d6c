import { ToolNames } from './tool-names';
import type { ChatMessage, ModelProvider, ModelTurn, ModelTurnRequest, ProviderReplay, ToolCallRequest } from './types';

/**
 * The Chat Completions message format, shared by the OpenAI-compatible adapter and Workers AI
 * (whose current models take the same messages and tools). Shapes:
 * https://platform.openai.com/docs/api-reference/chat/create
 */

export type WireChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[]; [reasoning: string]: unknown }
  | { role: 'tool'; tool_call_id: string; content: string; name?: string };
export type WireToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

type Replayable = { provider: ModelProvider['provider']; model: string };

export function toChatMessages(
  request: ModelTurnRequest,
  names: ToolNames,
  self: Replayable,
  options: { assistantContentWhenEmpty: '' | null; toolMessageName: boolean },
): WireChatMessage[] {
  const out: WireChatMessage[] = request.system ? [{ role: 'system', content: request.system }] : [];
  for (const m of request.messages) out.push(toChatMessage(m, names, self, options));
  return out;
}

function toChatMessage(
  m: ChatMessage,
  names: ToolNames,
  self: Replayable,
  options: { assistantContentWhenEmpty: '' | null; toolMessageName: boolean },
): WireChatMessage {
  if (m.role === 'user') return { role: 'user', content: m.content };
  if (m.role === 'tool') {
    // Chat Completions has no error flag on a tool result; say it in the content so the model knows.
    const content = m.is_error ? `Error: ${m.content}` : m.content;
    return { role: 'tool', tool_call_id: m.tool_call_id, content, ...(options.toolMessageName ? { name: names.wire(m.name) } : {}) };
  }
  const calls = m.tool_calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: names.wire(c.name), arguments: JSON.stringify(c.args) } }));
  const reasoning = ownReasoning(m.replay, self);
  return {
    role: 'assistant',
    content: m.content || (calls.length > 0 ? options.assistantContentWhenEmpty : ''),
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
    ...(reasoning ? { [reasoning.field]: reasoning.value } : {}),
  };
}

export function toChatTools(request: ModelTurnRequest, names: ToolNames) {
  if (request.tools.length === 0) return undefined;
  return request.tools.map((t) => ({ type: 'function' as const, function: { name: names.wire(t.name), description: t.description, parameters: t.input_schema } }));
}

type ChatChoiceMessage = { content?: unknown; tool_calls?: unknown; reasoning_content?: unknown; reasoning?: unknown };

/** A Chat Completions response (`choices[0]`) → our turn; `undefined` when the shape is not that. */
export function fromChatCompletion(json: unknown, names: ToolNames, self: Replayable): ModelTurn | undefined {
  const r = json as { model?: unknown; choices?: Array<{ message?: ChatChoiceMessage; finish_reason?: string | null }>; usage?: Record<string, unknown> };
  const choice = Array.isArray(r?.choices) ? r.choices[0] : undefined;
  if (!choice || !choice.message) return undefined;
  const message = choice.message;
  const calls = toolCallsOf(message.tool_calls, names);
  const reasoning = reasoningOf(message);
  return {
    text: textOf(message.content),
    tool_calls: calls,
    usage: usageOf(r.usage),
    finish: calls.length > 0 ? 'tool_calls' : finishOf(choice.finish_reason),
    model: typeof r.model === 'string' && r.model ? r.model : self.model,
    ...(reasoning ? { replay: { provider: self.provider, model: self.model, data: reasoning } } : {}),
  };
}

/** OpenAI's tool calls (`function.arguments` a JSON string) and Workers AI's (`arguments` an object, no id). */
export function toolCallsOf(raw: unknown, names: ToolNames): ToolCallRequest[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((call: Record<string, any>, i) => {
    const fn = call.function ?? call;
    return { id: typeof call.id === 'string' && call.id ? call.id : `call_${i}_${crypto.randomUUID().slice(0, 8)}`, name: names.id(String(fn.name)), args: argsOf(fn.arguments) };
  });
}

/**
 * Models sometimes emit arguments that are not JSON. Keep the raw text under a key the tool's schema
 * will not accept, so the broker refuses the call with a schema error the model can read and fix,
 * instead of the turn failing.
 */
function argsOf(raw: unknown): Record<string, unknown> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  try {
    const parsed = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { _unparsed_arguments: raw };
  } catch {
    return { _unparsed_arguments: raw };
  }
}

export function usageOf(usage: Record<string, unknown> | undefined): ModelTurn['usage'] {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  // completion_tokens already includes reasoning tokens, which are billed as output.
  return { input_tokens: n(usage?.prompt_tokens), output_tokens: n(usage?.completion_tokens) };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

function finishOf(reason: string | null | undefined): ModelTurn['finish'] {
  if (reason === 'stop') return 'stop';
  if (reason === 'length' || reason === 'model_length') return 'length';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_calls';
  return reason == null ? 'stop' : 'other';
}

/** Reasoning text some servers return beside the answer and want back (DeepSeek-style thinking). */
function reasoningOf(message: ChatChoiceMessage): { field: string; value: string } | undefined {
  if (typeof message.reasoning_content === 'string' && message.reasoning_content) return { field: 'reasoning_content', value: message.reasoning_content };
  if (typeof message.reasoning === 'string' && message.reasoning) return { field: 'reasoning', value: message.reasoning };
  return undefined;
}

function ownReasoning(replay: ProviderReplay | undefined, self: Replayable): { field: string; value: string } | undefined {
  if (!replay || replay.provider !== self.provider || replay.model !== self.model) return undefined;
  const data = replay.data as { field?: unknown; value?: unknown };
  return typeof data?.field === 'string' && typeof data.value === 'string' ? { field: data.field, value: data.value } : undefined;
}
