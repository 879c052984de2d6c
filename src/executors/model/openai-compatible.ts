import { fromChatCompletion, toChatMessages, toChatTools } from './chat-completions';
import { DEFAULT_TIMEOUT_MS, postJson, trimSlash, type ProviderEndpoint } from './http';
import { ToolNames } from './tool-names';
import { ModelProviderError, type ModelProvider, type ModelTurn, type ModelTurnRequest } from './types';

/**
 * OpenAI Chat Completions (POST {base}/chat/completions): OpenAI itself and the many servers that
 * speak the same API (vLLM, Ollama, OpenRouter, Groq, …). One request per turn, no streaming.
 */

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export type OpenAICompatibleOptions = {
  /** Optional: local servers (Ollama, vLLM) often need none. */
  apiKey?: string;
  model: string;
  /** OPENAI_BASE_URL including /v1, as the official SDKs take it. */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export class OpenAICompatibleProvider implements ModelProvider {
  readonly provider = 'openai-compatible' as const;
  readonly model: string;
  private readonly url: string;
  private readonly official: boolean;
  private readonly endpoint: ProviderEndpoint;

  constructor(private readonly options: OpenAICompatibleOptions) {
    this.model = options.model;
    const base = trimSlash(options.baseUrl || OPENAI_DEFAULT_BASE_URL);
    this.url = `${base}/chat/completions`;
    this.official = hostOf(base) === 'api.openai.com';
    this.endpoint = {
      label: this.official ? 'OpenAI' : `The OpenAI-compatible endpoint at ${hostOf(base)}`,
      provider: this.provider,
      keySetting: 'OPENAI_API_KEY',
      urlSetting: 'OPENAI_BASE_URL',
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  async turn(request: ModelTurnRequest, signal?: AbortSignal): Promise<ModelTurn> {
    const names = new ToolNames(request.tools.map((t) => t.name));
    const tools = toChatTools(request, names);
    const body = {
      model: this.model,
      messages: toChatMessages(request, names, this, { assistantContentWhenEmpty: null, toolMessageName: false }),
      ...(tools ? { tools } : {}),
      // OpenAI's reasoning models refuse max_tokens; most compatible servers only know max_tokens.
      ...(this.official ? { max_completion_tokens: request.max_output_tokens } : { max_tokens: request.max_output_tokens }),
    };
    const headers: Record<string, string> = this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
    const json = await postJson(this.endpoint, this.url, headers, body, signal);
    const turn = fromChatCompletion(json, names, this);
    if (!turn) {
      throw new ModelProviderError(`${this.endpoint.label} answered without a choice: ${JSON.stringify(json).slice(0, 200)}`, this.provider, 200, false);
    }
    return turn;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
