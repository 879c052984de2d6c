import type { z } from '@hono/zod-openapi';
import type { ModelChoice as ModelChoiceSchema } from '../../domain/playbook';
import type { Env } from '../../env';
import { AnthropicProvider } from './anthropic';
import { OPENAI_DEFAULT_BASE_URL, OpenAICompatibleProvider } from './openai-compatible';
import type { ModelProvider } from './types';
import { WorkersAiProvider } from './workers-ai';

/**
 * Which provider and model a step runs on (spec §5: chosen by configuration; with none, the step
 * goes `blocked` with a sentence naming the setting to set). Order: the Playbook's `model:` choice,
 * then MODEL_PROVIDER / MODEL_NAME, then whichever provider has its key or binding.
 */

export type ModelEnv = Pick<Env, 'MODEL_PROVIDER' | 'MODEL_NAME' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'AI'>;
export type ProviderName = ModelProvider['provider'];
export type ModelChoice = z.infer<typeof ModelChoiceSchema>;

export type ResolvedModel =
  | { ok: true; provider: ModelProvider; max_output_tokens: number }
  | { ok: false; missing: string };

export const DEFAULT_MODELS = {
  anthropic: 'claude-sonnet-5-5',
  'openai-compatible': 'gpt-6.1-sol', // only for OpenAI itself; other endpoints must name their model
  'workers-ai': '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
} as const satisfies Record<ProviderName, string>;

/** Enough for a tool-using turn with some thinking; a Playbook raises it with model.max_output_tokens. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 8192;

const NOTHING_CONFIGURED =
  'No model provider is configured: set ANTHROPIC_API_KEY (Anthropic), or OPENAI_API_KEY (OpenAI; with OPENAI_BASE_URL for another OpenAI-compatible endpoint), or bind Workers AI as AI.';

export type ResolveOptions = { timeoutMs?: number; fetch?: typeof fetch };

export function resolveModelProvider(env: ModelEnv, choice?: ModelChoice, options: ResolveOptions = {}): ResolvedModel {
  const configured = setting(env.MODEL_PROVIDER);
  const fromEnv = configured ? providerName(configured) : undefined;
  if (configured && !fromEnv && !choice?.provider) {
    return { ok: false, missing: `MODEL_PROVIDER is "${configured}": set it to anthropic, openai-compatible or workers-ai (or remove it to use whichever key is set).` };
  }
  const name = choice?.provider ?? fromEnv ?? detect(env);
  if (!name) return { ok: false, missing: NOTHING_CONFIGURED };
  const who = choice?.provider ? `This Playbook asks for the ${LABEL[name]} provider, which` : `The ${LABEL[name]} provider`;
  // MODEL_NAME belongs to MODEL_PROVIDER: it does not carry over to a provider the Playbook picked.
  const envModel = !fromEnv || fromEnv === name ? setting(env.MODEL_NAME) : undefined;
  const model = setting(choice?.model) ?? envModel;
  const max_output_tokens = choice?.max_output_tokens ?? DEFAULT_MAX_OUTPUT_TOKENS;

  if (name === 'anthropic') {
    const apiKey = setting(env.ANTHROPIC_API_KEY);
    if (!apiKey) return { ok: false, missing: `${who} needs ANTHROPIC_API_KEY: set it as a Worker secret (wrangler secret put ANTHROPIC_API_KEY).` };
    const baseUrl = setting(env.ANTHROPIC_BASE_URL);
    if (baseUrl && !isUrl(baseUrl)) return { ok: false, missing: `ANTHROPIC_BASE_URL is not a URL ("${baseUrl}"): set it to the API origin, e.g. https://api.anthropic.com, or remove it.` };
    return { ok: true, max_output_tokens, provider: new AnthropicProvider({ apiKey, baseUrl, model: model ?? DEFAULT_MODELS.anthropic, ...options }) };
  }

  if (name === 'openai-compatible') {
    const apiKey = setting(env.OPENAI_API_KEY);
    const baseUrl = setting(env.OPENAI_BASE_URL);
    if (!apiKey && !baseUrl) {
      return { ok: false, missing: `${who} needs OPENAI_API_KEY (and OPENAI_BASE_URL for an endpoint other than OpenAI's): set it as a Worker secret.` };
    }
    if (baseUrl && !isUrl(baseUrl)) return { ok: false, missing: `OPENAI_BASE_URL is not a URL ("${baseUrl}"): set it to the endpoint's base, e.g. https://api.openai.com/v1.` };
    const isOpenAI = !baseUrl || new URL(baseUrl).host === new URL(OPENAI_DEFAULT_BASE_URL).host;
    if (!model && !isOpenAI) {
      return { ok: false, missing: `The OpenAI-compatible endpoint at ${baseUrl} needs a model name: set MODEL_NAME (or the Playbook's model.model) to a model it serves.` };
    }
    return { ok: true, max_output_tokens, provider: new OpenAICompatibleProvider({ apiKey, baseUrl, model: model ?? DEFAULT_MODELS['openai-compatible'], ...options }) };
  }

  if (!env.AI) return { ok: false, missing: `${who} needs the Workers AI binding: add [ai] binding = "AI" to wrangler.toml.` };
  return { ok: true, max_output_tokens, provider: new WorkersAiProvider({ ai: env.AI, model: model ?? DEFAULT_MODELS['workers-ai'], timeoutMs: options.timeoutMs }) };
}

const LABEL: Record<ProviderName, string> = { anthropic: 'Anthropic', 'openai-compatible': 'OpenAI-compatible', 'workers-ai': 'Workers AI' };

function detect(env: ModelEnv): ProviderName | undefined {
  if (setting(env.ANTHROPIC_API_KEY)) return 'anthropic';
  if (setting(env.OPENAI_API_KEY) || setting(env.OPENAI_BASE_URL)) return 'openai-compatible';
  if (env.AI) return 'workers-ai';
  return undefined;
}

function providerName(value: string): ProviderName | undefined {
  const v = value.toLowerCase();
  if (v === 'anthropic') return 'anthropic';
  if (v === 'openai-compatible' || v === 'openai') return 'openai-compatible';
  if (v === 'workers-ai' || v === 'workers_ai' || v === 'workersai') return 'workers-ai';
  return undefined;
}

/** Unset, empty and whitespace-only settings are all "not set" (an empty secret is a common slip). */
function setting(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
