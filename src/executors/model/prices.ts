import type { TokenUsage } from './types';

/**
 * List prices in USD per million tokens (spec §5: usage comes from the provider's response and is
 * priced from this table). Compiled 2026-11 from Anthropic's model pages (platform.claude.com),
 * OpenAI's pricing page (developers.openai.com/api/docs/pricing) and Cloudflare's Workers AI
 * pricing page; batch, priority and regional surcharges are not modelled. Update the table when a
 * provider changes a price; a missing model is priced at DEFAULT_PRICE and flagged.
 *
 * Keys are model-id prefixes: the longest key that the model id starts with, followed by the end
 * of the id or by "-", "@", ":", "_", "/" or "[", wins. So dated snapshots (claude-sonnet-4-5-20250929),
 * test suffixes (gpt-4o-mini-test-abc) and variants ([1m]) take their family's price, while
 * "gpt-5.2" does not silently take "gpt-5"'s.
 */

export type ModelPrice = {
  input: number;
  output: number;
  /** Some models charge the whole request more once the prompt passes a size. */
  long?: { above_input_tokens: number; input: number; output: number };
};

const GPT6_LONG = 272_000; // GPT-6 family: input ×2, output ×1.5 above 272K input tokens.

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic
  'claude-fable-5-1': { input: 10, output: 50 },
  'claude-fable-5': { input: 10, output: 50 },
  'claude-mythos-5': { input: 10, output: 50 },
  'claude-opus-5-5': { input: 4, output: 20 },
  'claude-opus-5': { input: 5, output: 25 },
  'claude-opus-4-8': { input: 5, output: 25 },
  'claude-opus-4-7': { input: 5, output: 25 },
  'claude-opus-4-6': { input: 5, output: 25 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-5-5': { input: 2, output: 10 },
  'claude-sonnet-5': { input: 2, output: 10 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, long: { above_input_tokens: 100_000, input: 0.5, output: 2.5 } },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-3-haiku': { input: 0.25, output: 1.25 },

  // OpenAI
  'gpt-6-astra': { input: 10, output: 50, long: { above_input_tokens: GPT6_LONG, input: 20, output: 75 } },
  'gpt-6.1-sol': { input: 2, output: 10, long: { above_input_tokens: GPT6_LONG, input: 4, output: 15 } },
  'gpt-6-sol': { input: 2, output: 10, long: { above_input_tokens: GPT6_LONG, input: 4, output: 15 } },
  'gpt-6-luna': { input: 0.1, output: 0.5, long: { above_input_tokens: GPT6_LONG, input: 0.2, output: 0.75 } },
  'gpt-5.6-sol': { input: 4, output: 20 },
  'gpt-5.6-terra': { input: 2, output: 12 },
  'gpt-5.6-luna': { input: 0.2, output: 1.2 },
  'gpt-5.5-pro': { input: 30, output: 180 },
  'gpt-5.5': { input: 5, output: 30 },
  'gpt-5.4-pro': { input: 30, output: 180 },
  'gpt-5.4-mini': { input: 0.75, output: 4.5 },
  'gpt-5.4-nano': { input: 0.2, output: 1.25 },
  'gpt-5.4': { input: 2.5, output: 15 },
  'gpt-5-pro': { input: 15, output: 120 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'o3-pro': { input: 20, output: 80 },
  'o3': { input: 2, output: 8 },
  'o1-pro': { input: 150, output: 600 },
  'o1': { input: 15, output: 60 },

  // Workers AI (billed in neurons; these are Cloudflare's per-token equivalents)
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast': { input: 0.293, output: 2.253 },
  '@cf/meta/llama-3.1-70b-instruct-fp8-fast': { input: 0.293, output: 2.253 },
  '@cf/meta/llama-3.1-8b-instruct-fp8-fast': { input: 0.045, output: 0.384 },
  '@cf/meta/llama-3.2-3b-instruct': { input: 0.051, output: 0.335 },
  '@cf/meta/llama-3.2-1b-instruct': { input: 0.027, output: 0.201 },
  '@cf/moonshotai/kimi-k2.5': { input: 0.6, output: 3 },
};

/**
 * For a model the table does not know: Claude Opus 4.1's $15/$75, above every current flagship
 * (only the "-pro" tiers, listed above, cost more). Over-reserving a budget is recoverable;
 * overspending it is not. The run shows `priced: 'default'` so a person can see the estimate.
 */
export const DEFAULT_PRICE: ModelPrice = { input: 15, output: 75 };

export type Cost = { usd: number; priced: 'table' | 'default'; price_key: string | null };

export function priceOf(model: string): { price: ModelPrice; key: string | null } {
  const id = model.trim().toLowerCase();
  const candidates = [id];
  // Routers name models "vendor/model" (OpenRouter: "openai/gpt-4o"); Workers AI ids start with "@".
  if (!id.startsWith('@') && id.includes('/')) candidates.push(id.slice(id.lastIndexOf('/') + 1));
  let best: string | null = null;
  for (const candidate of candidates) {
    for (const key of Object.keys(PRICES)) {
      if (candidate.startsWith(key) && isBoundary(candidate.charAt(key.length)) && (!best || key.length > best.length)) best = key;
    }
    if (best) break;
  }
  return best ? { price: PRICES[best]!, key: best } : { price: DEFAULT_PRICE, key: null };
}

export function costUsd(model: string, usage: TokenUsage): Cost {
  const { price, key } = priceOf(model);
  const rates = price.long && usage.input_tokens > price.long.above_input_tokens ? price.long : price;
  const usd = (usage.input_tokens * rates.input + usage.output_tokens * rates.output) / 1_000_000;
  return { usd, priced: key ? 'table' : 'default', price_key: key };
}

/** The most one turn can cost: for reserving budget before the request is sent. */
export function worstCaseUsd(model: string, inputTokens: number, maxOutputTokens: number): Cost {
  return costUsd(model, { input_tokens: inputTokens, output_tokens: maxOutputTokens });
}

function isBoundary(next: string): boolean {
  return next === '' || '-@:_/['.includes(next);
}
