import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fakeWorkersAi, scriptModel } from '../../../test/fakes/control';
import { AnthropicProvider } from './anthropic';
import { OpenAICompatibleProvider } from './openai-compatible';
import { DEFAULT_MAX_OUTPUT_TOKENS, resolveModelProvider, type ModelEnv } from './resolve';
import { WorkersAiProvider } from './workers-ai';

const ai = fakeWorkersAi();

function resolved(envelope: ModelEnv, choice?: Parameters<typeof resolveModelProvider>[1]) {
  const result = resolveModelProvider(envelope, choice);
  if (!result.ok) throw new Error(`expected a provider, got: ${result.missing}`);
  return result;
}

function missing(envelope: ModelEnv, choice?: Parameters<typeof resolveModelProvider>[1]): string {
  const result = resolveModelProvider(envelope, choice);
  if (result.ok) throw new Error(`expected no provider, got ${result.provider.provider}`);
  return result.missing;
}

describe('resolveModelProvider', () => {
  it('names every setting that would configure a provider when none is set', () => {
    const sentence = missing({});
    expect(sentence).toMatch(/^No model provider is configured: /);
    for (const setting of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AI']) expect(sentence).toContain(setting);
    // An empty or blank secret is a slip, not a configuration.
    expect(missing({ ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '  ' })).toBe(sentence);
  });

  it('picks whichever key is present, Anthropic first, with a default model', () => {
    const anthropic = resolved({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o', AI: ai });
    expect(anthropic.provider).toBeInstanceOf(AnthropicProvider);
    expect(anthropic.provider.model).toBe('claude-sonnet-5-5');
    expect(anthropic.max_output_tokens).toBe(DEFAULT_MAX_OUTPUT_TOKENS);

    const openai = resolved({ OPENAI_API_KEY: 'o', AI: ai });
    expect(openai.provider).toBeInstanceOf(OpenAICompatibleProvider);
    expect(openai.provider.model).toBe('gpt-6.1-sol');

    const workers = resolved({ AI: ai });
    expect(workers.provider).toBeInstanceOf(WorkersAiProvider);
    expect(workers.provider.model).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast');
  });

  it('follows MODEL_PROVIDER and MODEL_NAME over key order', () => {
    const r = resolved({ MODEL_PROVIDER: 'workers-ai', MODEL_NAME: '@cf/moonshotai/kimi-k2.5', ANTHROPIC_API_KEY: 'a', AI: ai });
    expect(r.provider.provider).toBe('workers-ai');
    expect(r.provider.model).toBe('@cf/moonshotai/kimi-k2.5');
    expect(resolved({ MODEL_PROVIDER: 'openai', OPENAI_API_KEY: 'o', ANTHROPIC_API_KEY: 'a' }).provider.provider).toBe('openai-compatible');
    expect(missing({ MODEL_PROVIDER: 'workers-ai', ANTHROPIC_API_KEY: 'a' })).toContain('[ai] binding = "AI"');
    expect(missing({ MODEL_PROVIDER: 'gemini', ANTHROPIC_API_KEY: 'a' })).toContain('MODEL_PROVIDER is "gemini"');
  });

  it("lets the Playbook's choice win, without carrying MODEL_NAME to another provider", () => {
    const envelope: ModelEnv = { MODEL_PROVIDER: 'openai-compatible', MODEL_NAME: 'llama3.1', OPENAI_API_KEY: 'o', OPENAI_BASE_URL: 'http://ollama.local/v1', ANTHROPIC_API_KEY: 'a' };
    expect(resolved(envelope).provider.model).toBe('llama3.1');
    const chosen = resolved(envelope, { provider: 'anthropic', max_output_tokens: 2000 });
    expect(chosen.provider.provider).toBe('anthropic');
    expect(chosen.provider.model).toBe('claude-sonnet-5-5');
    expect(chosen.max_output_tokens).toBe(2000);
    expect(resolved(envelope, { model: 'qwen3' }).provider.model).toBe('qwen3');
  });

  it('says which setting a chosen provider is missing', () => {
    expect(missing({ OPENAI_API_KEY: 'o' }, { provider: 'anthropic' })).toBe(
      'This Playbook asks for the Anthropic provider, which needs ANTHROPIC_API_KEY: set it as a Worker secret (wrangler secret put ANTHROPIC_API_KEY).',
    );
    expect(missing({ ANTHROPIC_API_KEY: 'a' }, { provider: 'workers-ai' })).toContain('needs the Workers AI binding');
    expect(missing({ OPENAI_BASE_URL: 'http://localhost:11434/v1' })).toContain('set MODEL_NAME');
    expect(missing({ OPENAI_API_KEY: 'o', OPENAI_BASE_URL: 'not a url' })).toContain('OPENAI_BASE_URL is not a URL');
  });

  it('builds a provider that reaches the configured endpoint', async () => {
    const s = await scriptModel([{ text: 'configured' }]);
    const r = resolved(env, { model: s.model('claude-haiku-4-5') });
    const turn = await r.provider.turn({ system: '', messages: [{ role: 'user', content: 'Hi' }], tools: [], max_output_tokens: r.max_output_tokens });
    expect(turn.text).toBe('configured');
    expect(((await s.requests())[0]!.body as any).max_tokens).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
  });
});
