import { DEFAULT_TIMEOUT_MS, postJson, trimSlash, type ProviderEndpoint } from './http';
import { ToolNames } from './tool-names';
import {
  ModelProviderError,
  type ChatMessage,
  type ModelProvider,
  type ModelTurn,
  type ModelTurnRequest,
  type ProviderReplay,
  type ToolCallRequest,
} from './types';

/**
 * Anthropic Messages API (POST {base}/v1/messages), one request per turn, no streaming. Request and
 * response shapes: https://docs.claude.com/en/api/messages. We send only model, max_tokens, system,
 * messages and tools: newer models reject non-default sampling parameters, and leaving thinking
 * unset keeps each model's own default.
 */

export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export type AnthropicOptions = {
  apiKey: string;
  model: string;
  /** ANTHROPIC_BASE_URL, without /v1 (as the official SDKs take it). */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content?: string; is_error?: boolean }
  | { type: string; [key: string]: unknown };
type WireMessage = { role: 'user' | 'assistant'; content: Block[] };

export class AnthropicProvider implements ModelProvider {
  readonly provider = 'anthropic' as const;
  readonly model: string;
  private readonly url: string;
  private readonly endpoint: ProviderEndpoint;

  constructor(private readonly options: AnthropicOptions) {
    this.model = options.model;
    this.url = `${trimSlash(options.baseUrl || ANTHROPIC_DEFAULT_BASE_URL)}/v1/messages`;
    this.endpoint = {
      label: 'Anthropic',
      provider: this.provider,
      keySetting: 'ANTHROPIC_API_KEY',
      urlSetting: 'ANTHROPIC_BASE_URL',
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Unbound, so a test's or a binding's fetch works the same as the global one.
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  async turn(request: ModelTurnRequest, signal?: AbortSignal): Promise<ModelTurn> {
    const names = new ToolNames(request.tools.map((t) => t.name));
    const body = {
      model: this.model,
      max_tokens: request.max_output_tokens,
      ...(request.system ? { system: request.system } : {}),
      messages: this.toWire(request.messages, names),
      ...(request.tools.length > 0
        ? { tools: request.tools.map((t) => ({ name: names.wire(t.name), description: t.description, input_schema: t.input_schema })) }
        : {}),
    };
    const headers = { 'x-api-key': this.options.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
    const json = await postJson(this.endpoint, this.url, headers, body, signal);
    return this.fromWire(json, names);
  }

  /**
   * Our flat conversation → alternating user/assistant turns. Tool results become tool_result
   * blocks in the next user turn (all results of one assistant turn in one user message, before
   * any text, as the API requires); empty text blocks are dropped because the API rejects them.
   */
  private toWire(messages: ChatMessage[], names: ToolNames): WireMessage[] {
    const out: WireMessage[] = [];
    const push = (role: WireMessage['role'], blocks: Block[]) => {
      if (blocks.length === 0) return;
      const last = out[out.length - 1];
      if (last && last.role === role) last.content.push(...blocks);
      else out.push({ role, content: blocks });
    };
    for (const m of messages) {
      if (m.role === 'user') push('user', m.content ? [{ type: 'text', text: m.content }] : []);
      else if (m.role === 'tool') {
        push('user', [
          { type: 'tool_result', tool_use_id: m.tool_call_id, ...(m.content ? { content: m.content } : {}), ...(m.is_error ? { is_error: true } : {}) },
        ]);
      } else push('assistant', this.assistantBlocks(m, names));
    }
    for (const m of out) if (m.role === 'user') m.content.sort((a, b) => rank(a) - rank(b));
    return out;
  }

  private assistantBlocks(m: Extract<ChatMessage, { role: 'assistant' }>, names: ToolNames): Block[] {
    // Thinking blocks are signed and tied to the model: replay the original content verbatim.
    if (isOwnReplay(m.replay, this.model)) return m.replay.data as Block[];
    return [
      ...(m.content ? [{ type: 'text', text: m.content }] : []),
      ...m.tool_calls.map((c) => ({ type: 'tool_use', id: c.id, name: names.wire(c.name), input: c.args })),
    ];
  }

  private fromWire(json: unknown, names: ToolNames): ModelTurn {
    const r = json as AnthropicResponse;
    if (!r || !Array.isArray(r.content)) {
      throw new ModelProviderError(`Anthropic answered without message content: ${JSON.stringify(json).slice(0, 200)}`, this.provider, 200, false);
    }
    const text: string[] = [];
    const calls: ToolCallRequest[] = [];
    let onlyPlain = true;
    for (const block of r.content) {
      if (block.type === 'text' && typeof block.text === 'string') text.push(block.text);
      else if (block.type === 'tool_use') {
        calls.push({ id: String(block.id), name: names.id(String(block.name)), args: isObject(block.input) ? block.input : {} });
      } else onlyPlain = false;
    }
    const usage = r.usage ?? {};
    return {
      text: text.join('\n\n'),
      tool_calls: calls,
      // Cache reads and writes are input too; counted at the input price, which over-states
      // cached reads a little rather than under-stating anything.
      usage: {
        input_tokens: (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
        output_tokens: usage.output_tokens ?? 0,
      },
      finish: calls.length > 0 ? 'tool_calls' : finishOf(r.stop_reason),
      model: typeof r.model === 'string' ? r.model : this.model,
      ...(onlyPlain ? {} : { replay: { provider: this.provider, model: this.model, data: r.content } }),
    };
  }
}

type AnthropicResponse = {
  model?: string;
  content: Array<{ type: string; text?: string; id?: string; name?: string; input?: unknown }>;
  stop_reason?: string | null;
  usage?: { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
};

function finishOf(stop: string | null | undefined): ModelTurn['finish'] {
  if (stop === 'end_turn' || stop === 'stop_sequence') return 'stop';
  if (stop === 'tool_use') return 'tool_calls';
  if (stop === 'max_tokens' || stop === 'model_context_window_exceeded') return 'length';
  return 'other'; // pause_turn, refusal
}

function isOwnReplay(replay: ProviderReplay | undefined, model: string): replay is ProviderReplay & { data: Block[] } {
  return !!replay && replay.provider === 'anthropic' && replay.model === model && Array.isArray(replay.data);
}

function rank(block: Block): number {
  return block.type === 'tool_result' ? 0 : 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
