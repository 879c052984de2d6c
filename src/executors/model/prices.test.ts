import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE, costUsd, priceOf, worstCaseUsd } from './prices';

describe('prices', () => {
  it('resolves dated snapshots, test suffixes and variants by the longest known prefix', () => {
    expect(priceOf('claude-sonnet-4-5-20250929').key).toBe('claude-sonnet-4-5');
    expect(priceOf('claude-sonnet-5-5').key).toBe('claude-sonnet-5-5');
    expect(priceOf('claude-sonnet-5').key).toBe('claude-sonnet-5');
    expect(priceOf('claude-opus-5-5[1m]').key).toBe('claude-opus-5-5');
    expect(priceOf('gpt-4o-mini-test-abc').key).toBe('gpt-4o-mini');
    expect(priceOf('gpt-4o-2024-08-06').key).toBe('gpt-4o');
    expect(priceOf('gpt-5-mini-2025-08-07').key).toBe('gpt-5-mini');
    expect(priceOf('openai/gpt-4.1').key).toBe('gpt-4.1');
    expect(priceOf('@cf/meta/llama-3.3-70b-instruct-fp8-fast-test-x').key).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast');
  });

  it('does not give a model its sibling\'s price across a version dot', () => {
    // "gpt-5.2" is not "gpt-5" with a suffix; guessing would under-reserve.
    expect(priceOf('gpt-5.2').key).toBeNull();
    expect(priceOf('gpt-4o1').key).toBeNull();
  });

  it('prices unknown models at a documented conservative default, flagged', () => {
    expect(costUsd('my-local-llama', { input_tokens: 1_000_000, output_tokens: 1_000_000 })).toEqual({
      usd: DEFAULT_PRICE.input + DEFAULT_PRICE.output,
      priced: 'default',
      price_key: null,
    });
    for (const { input, output } of [priceOf('claude-fable-5-1').price, priceOf('gpt-6-astra').price]) {
      expect(DEFAULT_PRICE.input).toBeGreaterThanOrEqual(input);
      expect(DEFAULT_PRICE.output).toBeGreaterThanOrEqual(output);
    }
  });

  it('computes USD from input and output tokens', () => {
    expect(costUsd('claude-haiku-4-5-20251001', { input_tokens: 2_000, output_tokens: 1_000 })).toEqual({ usd: (2_000 * 1 + 1_000 * 5) / 1e6, priced: 'table', price_key: 'claude-haiku-4-5' });
  });

  it('applies long-prompt rates to the whole request above the threshold', () => {
    expect(costUsd('claude-haiku-5-5', { input_tokens: 100_000, output_tokens: 1_000 }).usd).toBeCloseTo((100_000 * 0.1 + 1_000 * 0.5) / 1e6, 12);
    expect(costUsd('claude-haiku-5-5', { input_tokens: 100_001, output_tokens: 1_000 }).usd).toBeCloseTo((100_001 * 0.5 + 1_000 * 2.5) / 1e6, 12);
    expect(costUsd('gpt-6.1-sol', { input_tokens: 300_000, output_tokens: 0 }).usd).toBeCloseTo((300_000 * 4) / 1e6, 12);
  });

  it('reserves the worst case of a turn: the input plus every allowed output token', () => {
    expect(worstCaseUsd('gpt-4o-mini', 10_000, 4_096)).toEqual(costUsd('gpt-4o-mini', { input_tokens: 10_000, output_tokens: 4_096 }));
    expect(worstCaseUsd('unknown-model', 0, 1_000_000)).toMatchObject({ usd: DEFAULT_PRICE.output, priced: 'default' });
  });
});
