import { fromChatCompletion, toChatMessages, toChatTools, toolCallsOf, usageOf } from './chat-completions';
import { DEFAULT_TIMEOUT_MS } from './http';
import { ToolNames } from './tool-names';
import { ModelProviderError, type ModelProvider, type ModelTurn, type ModelTurnRequest } from './types';

/**
 * Workers AI through the `AI` binding (env.AI.run), one run per turn. Current models take Chat
 * Completions messages and tools and answer in that shape; older function-calling models
 * (Llama 3.x, Hermes) answer `{response, tool_calls: [{name, arguments}], usage}`. Both are read.
 * https://developers.cloudflare.com/workers-ai/features/function-calling/
 */

export type WorkersAiOptions = { ai: Pick<Ai, 'run'>; model: string; timeoutMs?: number };

export class WorkersAiProvider implements ModelProvider {
  readonly provider = 'workers-ai' as const;
  readonly model: string;

  constructor(private readonly options: WorkersAiOptions) {
    this.model = options.model;
  }

  async turn(request: ModelTurnRequest, signal?: AbortSignal): Promise<ModelTurn> {
    const names = new ToolNames(request.tools.map((t) => t.name));
    const tools = toChatTools(request, names);
    const inputs = {
      // The binding validates `content` as a string on every message, so no nulls.
      messages: toChatMessages(request, names, this, { assistantContentWhenEmpty: '', toolMessageName: true }),
      ...(tools ? { tools } : {}),
      max_tokens: request.max_output_tokens,
    };
    const output = await this.run(inputs, signal);
    return fromChatCompletion(output, names, this) ?? this.fromLegacy(output, names);
  }

  private async run(inputs: Record<string, unknown>, signal: AbortSignal | undefined): Promise<unknown> {
    if (signal?.aborted) throw signal.reason;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The binding takes no AbortSignal, so the deadline and the caller's cancel only stop our wait.
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ModelProviderError(`Workers AI did not answer within ${Math.round(timeoutMs / 1000)} s`, this.provider, undefined, true)), timeoutMs);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    try {
      const run = this.options.ai.run as (model: string, inputs: Record<string, unknown>) => Promise<unknown>;
      const output = await Promise.race([run.call(this.options.ai, this.model, inputs), stop]);
      return await readOutput(output);
    } catch (error) {
      if (error instanceof ModelProviderError || signal?.aborted) throw error;
      throw workersAiError(error, this.provider);
    } finally {
      clearTimeout(timer);
    }
  }

  private fromLegacy(output: unknown, names: ToolNames): ModelTurn {
    if (typeof output === 'string') return { text: output, tool_calls: [], usage: usageOf(undefined), finish: 'stop', model: this.model };
    const o = (output ?? {}) as { response?: unknown; tool_calls?: unknown; usage?: Record<string, unknown> };
    if (o.response === undefined && o.tool_calls === undefined) {
      throw new ModelProviderError(`Workers AI model ${this.model} answered in an unknown shape: ${JSON.stringify(output).slice(0, 200)}`, this.provider, undefined, false);
    }
    const calls = toolCallsOf(o.tool_calls, names);
    const text = typeof o.response === 'string' ? o.response : o.response == null ? '' : JSON.stringify(o.response);
    return { text, tool_calls: calls, usage: usageOf(o.usage), finish: calls.length > 0 ? 'tool_calls' : 'stop', model: this.model };
  }
}

/** The binding returns the body as a stream when the content type is not exactly application/json. */
async function readOutput(output: unknown): Promise<unknown> {
  if (!(output instanceof ReadableStream)) return output;
  const text = await new Response(output).text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The binding throws InferenceUpstreamError("<internal code>: <description>"). Codes from
 * https://developers.cloudflare.com/workers-ai/platform/errors/ decide what a person must do.
 */
export function workersAiError(error: unknown, provider: string): ModelProviderError {
  const message = error instanceof Error ? error.message : String(error);
  const code = Number(/^(?:\w+:\s*)?(\d{4}):/.exec(message)?.[1]);
  const make = (text: string, status: number | undefined, retryable: boolean) => new ModelProviderError(text, provider, status, retryable, { cause: error });
  switch (code) {
    case 5007:
    case 3042:
      return make(`Workers AI does not know this model (${message}). Check the model name (MODEL_NAME or the Playbook's model).`, 400, false);
    case 5016:
    case 5018:
    case 3023:
    case 3041:
      return make(`Workers AI refused this account or model (${message}). Check the account's Workers AI access for the AI binding.`, 403, false);
    case 3036:
      return make(`Workers AI daily free allocation is used up (${message}). Upgrade to Workers Paid or wait for the daily reset.`, 429, false);
    case 3040:
      return make(`Workers AI is out of capacity (${message}).`, 429, true);
    case 3007:
    case 3008:
      return make(`Workers AI timed out (${message}).`, 408, true);
    case 3006:
      return make(`Workers AI refused the request as too large (${message}).`, 413, false);
    case 3003:
    case 5004:
      return make(`Workers AI refused the request (${message}).`, 400, false);
    default:
      // Unknown codes are mostly transient upstream failures; the loop caps its retries.
      return make(`Workers AI failed (${message}).`, undefined, true);
  }
}
