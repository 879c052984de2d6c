/**
 * The seam between the run loop and model providers (style.md #3: a narrow interface, small
 * implementations behind it). The loop drives one turn per persisted unit; a provider only
 * turns a conversation into the next assistant message.
 */

export type ToolCallRequest = { id: string; name: string; args: Record<string, unknown> };

/**
 * Provider state that must travel with an assistant message back to the same provider and model.
 * Anthropic models that think (adaptive thinking is on by default from Claude Sonnet 5) reject a
 * continued tool loop unless the assistant turn starts with its original, signed thinking blocks;
 * some OpenAI-compatible servers want `reasoning_content` back the same way. The loop stores it
 * with the message and hands it back unchanged; adapters ignore it for another provider or model.
 */
export type ProviderReplay = { provider: ModelProvider['provider']; model: string; data: unknown };

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls: ToolCallRequest[]; replay?: ProviderReplay }
  | { role: 'tool'; tool_call_id: string; name: string; content: string; is_error?: boolean };

/** A tool offered to the model; `name` is our tool id (adapters encode it for the wire). */
export type ModelToolSpec = { name: string; description: string; input_schema: Record<string, unknown> };

export type ModelTurnRequest = {
  system: string;
  messages: ChatMessage[];
  tools: ModelToolSpec[];
  max_output_tokens: number;
};

export type TokenUsage = { input_tokens: number; output_tokens: number };

export type ModelTurn = {
  text: string;
  tool_calls: ToolCallRequest[];
  usage: TokenUsage;
  finish: 'stop' | 'tool_calls' | 'length' | 'other';
  /** The model id the provider reports having used (priced from the price table). */
  model: string;
  /** Store with the assistant message (see ProviderReplay); absent when there is nothing to replay. */
  replay?: ProviderReplay;
};

export interface ModelProvider {
  readonly provider: 'anthropic' | 'openai-compatible' | 'workers-ai';
  readonly model: string;
  turn(request: ModelTurnRequest, signal?: AbortSignal): Promise<ModelTurn>;
}

/** The assistant message to append to the conversation after a turn, replay state included. */
export function assistantMessage(turn: ModelTurn): Extract<ChatMessage, { role: 'assistant' }> {
  return { role: 'assistant', content: turn.text, tool_calls: turn.tool_calls, ...(turn.replay ? { replay: turn.replay } : {}) };
}

/**
 * A provider failure with what the run should show; `retryable` for 408/409/429/5xx, timeouts
 * and unreachable endpoints. `retryAfterMs` carries the provider's Retry-After when it sent one,
 * so the loop can set its alarm instead of guessing.
 */
export class ModelProviderError extends Error {
  override name = 'ModelProviderError';
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    readonly provider: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}
