/**
 * The seam between the run loop and model providers (style.md #3: a narrow interface, small
 * implementations behind it). The loop drives one turn per persisted unit; a provider only
 * turns a conversation into the next assistant message.
 */

export type ToolCallRequest = { id: string; name: string; args: Record<string, unknown> };

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls: ToolCallRequest[] }
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
};

export interface ModelProvider {
  readonly provider: 'anthropic' | 'openai-compatible' | 'workers-ai';
  readonly model: string;
  turn(request: ModelTurnRequest, signal?: AbortSignal): Promise<ModelTurn>;
}

/** A provider failure with what the run should show; `retryable` for 429/5xx/timeouts. */
export class ModelProviderError extends Error {
  override name = 'ModelProviderError';
  constructor(
    message: string,
    readonly provider: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
