import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { scriptModel } from '../../../test/fakes/control';
import { AnthropicProvider } from './anthropic';
import { costUsd } from './prices';
import { ModelProviderError, assistantMessage, type ChatMessage, type ModelToolSpec, type ModelTurnRequest } from './types';

// The real adapter against test/fakes/anthropic.ts, which speaks the Messages API's HTTP shapes.

const TABLES: ModelToolSpec = {
  name: 'keboola.storage.tables',
  description: 'List the tables of a bucket',
  input_schema: { type: 'object', properties: { bucket: { type: 'string' } }, required: ['bucket'] },
};
const COMPLETE: ModelToolSpec = { name: 'step.complete', description: 'Finish the step', input_schema: { type: 'object', properties: { summary: { type: 'string' } } } };

function anthropic(model: string, apiKey = env.ANTHROPIC_API_KEY!, timeoutMs?: number) {
  return new AnthropicProvider({ apiKey, baseUrl: env.ANTHROPIC_BASE_URL, model, timeoutMs });
}

function request(messages: ChatMessage[], tools: ModelToolSpec[] = [TABLES, COMPLETE]): ModelTurnRequest {
  return { system: 'You run one step.', messages, tools, max_output_tokens: 1024 };
}

async function failure(promise: Promise<unknown>): Promise<ModelProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelProviderError);
  return error as ModelProviderError;
}

describe('AnthropicProvider', () => {
  it('turns a text answer into a turn with usage and cost, sending the Messages API request', async () => {
    const s = await scriptModel([{ text: 'Hello there.', usage: { input_tokens: 1200, output_tokens: 300 } }]);
    const turn = await anthropic(s.model('claude-sonnet-5-5')).turn(request([{ role: 'user', content: 'Hi' }], []));

    expect(turn).toEqual({ text: 'Hello there.', tool_calls: [], usage: { input_tokens: 1200, output_tokens: 300 }, finish: 'stop', model: s.model('claude-sonnet-5-5') });
    expect(costUsd(turn.model, turn.usage)).toEqual({ usd: (1200 * 2 + 300 * 10) / 1e6, priced: 'table', price_key: 'claude-sonnet-5-5' });

    const [sent] = await s.requests();
    expect(sent!.path).toBe('/anthropic/v1/messages');
    expect(sent!.headers['x-api-key']).toBe(env.ANTHROPIC_API_KEY);
    expect(sent!.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent!.body).toEqual({
      model: s.model('claude-sonnet-5-5'),
      max_tokens: 1024,
      system: 'You run one step.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('decodes tool names and passes tool input through as args', async () => {
    const s = await scriptModel([{ text: 'Let me look.', tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }] }]);
    const turn = await anthropic(s.model('claude-haiku-4-5')).turn(request([{ role: 'user', content: 'What tables are there?' }]));

    expect(turn.finish).toBe('tool_calls');
    expect(turn.text).toBe('Let me look.');
    expect(turn.tool_calls).toEqual([{ id: expect.stringMatching(/^toolu_/), name: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }]);
    const [sent] = await s.requests();
    expect((sent!.body as any).tools).toEqual([
      { name: 'keboola__storage__tables', description: TABLES.description, input_schema: TABLES.input_schema },
      { name: 'step__complete', description: COMPLETE.description, input_schema: COMPLETE.input_schema },
    ]);
  });

  it('sends tool results back as tool_result blocks in one user turn', async () => {
    const s = await scriptModel([
      { text: 'Checking.', tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }, { tool: 'step.complete', args: { summary: 'early' } }] },
      { text: 'There is one table.' },
    ]);
    const provider = anthropic(s.model('claude-sonnet-5-5'));
    const conversation: ChatMessage[] = [{ role: 'user', content: 'List the tables' }];
    const first = await provider.turn(request(conversation));
    const [tables, complete] = first.tool_calls;
    conversation.push(
      assistantMessage(first),
      { role: 'tool', tool_call_id: tables!.id, name: tables!.name, content: '["orders"]' },
      { role: 'tool', tool_call_id: complete!.id, name: complete!.name, content: 'The criteria are not met yet.', is_error: true },
    );
    const second = await provider.turn(request(conversation));

    expect(second.text).toBe('There is one table.');
    const [, sent] = await s.requests();
    expect((sent!.body as any).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'List the tables' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: tables!.id, name: 'keboola__storage__tables', input: { bucket: 'in.c-main' } },
          { type: 'tool_use', id: complete!.id, name: 'step__complete', input: { summary: 'early' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: tables!.id, content: '["orders"]' },
          { type: 'tool_result', tool_use_id: complete!.id, content: 'The criteria are not met yet.', is_error: true },
        ],
      },
    ]);
  });

  it('replays signed thinking blocks, which the API requires to continue a tool loop', async () => {
    const s = await scriptModel([{ thinking: 'The bucket is in.c-main.', tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }] }, { text: 'Done.' }]);
    const provider = anthropic(s.model('claude-opus-5-5'));
    const first = await provider.turn(request([{ role: 'user', content: 'List' }]));
    expect(first.replay).toMatchObject({ provider: 'anthropic', model: s.model('claude-opus-5-5') });
    const call = first.tool_calls[0]!;
    const tool: ChatMessage = { role: 'tool', tool_call_id: call.id, name: call.name, content: '[]' };

    // Without the thinking block the real API answers 400; the fake does the same.
    const { replay: _dropped, ...bare } = assistantMessage(first);
    const refused = await failure(provider.turn(request([{ role: 'user', content: 'List' }, bare, tool])));
    expect(refused.status).toBe(400);
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('must start with a thinking block');

    const second = await provider.turn(request([{ role: 'user', content: 'List' }, assistantMessage(first), tool]));
    expect(second.text).toBe('Done.');
    const sent = (await s.requests()).at(-1)!;
    expect((sent.body as any).messages[1].content[0]).toMatchObject({ type: 'thinking', thinking: 'The bucket is in.c-main.' });
  });

  it('reports a refused key as not retryable, naming ANTHROPIC_API_KEY', async () => {
    const s = await scriptModel([{ text: 'never sent' }]);
    const error = await failure(anthropic(s.model('claude-sonnet-5-5'), 'sk-ant-wrong').turn(request([{ role: 'user', content: 'Hi' }])));
    expect(error).toMatchObject({ provider: 'anthropic', status: 401, retryable: false });
    expect(error.message).toContain('invalid x-api-key');
    expect(error.message).toContain('Check ANTHROPIC_API_KEY');
  });

  it('reports 500, 529 and 429 as retryable, with Retry-After when sent', async () => {
    const s = await scriptModel([
      { error: { status: 500 } },
      { error: { status: 529 } },
      { error: { status: 429, headers: { 'retry-after': '20' } } },
    ]);
    const provider = anthropic(s.model('claude-sonnet-5-5'));
    const ask = () => failure(provider.turn(request([{ role: 'user', content: 'Hi' }])));
    expect(await ask()).toMatchObject({ status: 500, retryable: true, message: expect.stringContaining('Internal server error') });
    expect(await ask()).toMatchObject({ status: 529, retryable: true, message: expect.stringContaining('Overloaded') });
    expect(await ask()).toMatchObject({ status: 429, retryable: true, retryAfterMs: 20_000 });
  });

  it('gives up after its timeout with a retryable error', async () => {
    const s = await scriptModel([{ text: 'too late', delay_ms: 1_000 }]);
    const error = await failure(anthropic(s.model('claude-sonnet-5-5'), undefined, 100).turn(request([{ role: 'user', content: 'Hi' }])));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toContain('did not answer within');
  });
});
