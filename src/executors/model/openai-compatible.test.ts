import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { scriptModel } from '../../../test/fakes/control';
import { OpenAICompatibleProvider } from './openai-compatible';
import { costUsd } from './prices';
import { ModelProviderError, assistantMessage, type ChatMessage, type ModelToolSpec, type ModelTurnRequest } from './types';

// The real adapter against test/fakes/openai.ts, which speaks the Chat Completions HTTP shapes.

const TABLES: ModelToolSpec = {
  name: 'keboola.storage.tables',
  description: 'List the tables of a bucket',
  input_schema: { type: 'object', properties: { bucket: { type: 'string' } }, required: ['bucket'] },
};

function openai(model: string, apiKey = env.OPENAI_API_KEY) {
  return new OpenAICompatibleProvider({ apiKey, baseUrl: env.OPENAI_BASE_URL, model });
}

function request(messages: ChatMessage[], tools: ModelToolSpec[] = [TABLES]): ModelTurnRequest {
  return { system: 'You run one step.', messages, tools, max_output_tokens: 2048 };
}

async function failure(promise: Promise<unknown>): Promise<ModelProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelProviderError);
  return error as ModelProviderError;
}

describe('OpenAICompatibleProvider', () => {
  it('turns a text answer into a turn with usage and cost, sending a Chat Completions request', async () => {
    const s = await scriptModel([{ text: 'Hello.', usage: { input_tokens: 1000, output_tokens: 500 } }]);
    const turn = await openai(s.model('gpt-4o-mini')).turn(request([{ role: 'user', content: 'Hi' }], []));

    expect(turn).toEqual({ text: 'Hello.', tool_calls: [], usage: { input_tokens: 1000, output_tokens: 500 }, finish: 'stop', model: s.model('gpt-4o-mini') });
    // The "-test-…" suffix resolves to gpt-4o-mini, not to the shorter gpt-4o.
    expect(costUsd(turn.model, turn.usage)).toEqual({ usd: (1000 * 0.15 + 500 * 0.6) / 1e6, priced: 'table', price_key: 'gpt-4o-mini' });

    const [sent] = await s.requests();
    expect(sent!.path).toBe('/openai/v1/chat/completions');
    expect(sent!.headers.authorization).toBe(`Bearer ${env.OPENAI_API_KEY}`);
    // Not api.openai.com, so max_tokens (what compatible servers understand), not max_completion_tokens.
    expect(sent!.body).toEqual({
      model: s.model('gpt-4o-mini'),
      messages: [
        { role: 'system', content: 'You run one step.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 2048,
    });
  });

  it('decodes tool names and parses the JSON arguments string', async () => {
    const s = await scriptModel([{ tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }] }]);
    const turn = await openai(s.model('gpt-6.1-sol')).turn(request([{ role: 'user', content: 'Tables?' }]));

    expect(turn.finish).toBe('tool_calls');
    expect(turn.text).toBe('');
    expect(turn.tool_calls).toEqual([{ id: expect.stringMatching(/^call_/), name: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }]);
    const [sent] = await s.requests();
    expect((sent!.body as any).tools).toEqual([
      { type: 'function', function: { name: 'keboola__storage__tables', description: TABLES.description, parameters: TABLES.input_schema } },
    ]);
  });

  it('sends the assistant tool_calls and one tool message per result', async () => {
    const s = await scriptModel([
      { tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }, { tool: 'keboola.storage.tables', args: { bucket: 'out.c-x' } }] },
      { text: 'One bucket has tables.' },
    ]);
    const provider = openai(s.model('gpt-5-mini'));
    const conversation: ChatMessage[] = [{ role: 'user', content: 'List both' }];
    const first = await provider.turn(request(conversation));
    const [a, b] = first.tool_calls;
    conversation.push(
      assistantMessage(first),
      { role: 'tool', tool_call_id: a!.id, name: a!.name, content: '["orders"]' },
      { role: 'tool', tool_call_id: b!.id, name: b!.name, content: 'bucket not found', is_error: true },
    );
    expect((await provider.turn(request(conversation))).text).toBe('One bucket has tables.');

    const [, sent] = await s.requests();
    expect((sent!.body as any).messages).toEqual([
      { role: 'system', content: 'You run one step.' },
      { role: 'user', content: 'List both' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: a!.id, type: 'function', function: { name: 'keboola__storage__tables', arguments: '{"bucket":"in.c-main"}' } },
          { id: b!.id, type: 'function', function: { name: 'keboola__storage__tables', arguments: '{"bucket":"out.c-x"}' } },
        ],
      },
      { role: 'tool', tool_call_id: a!.id, content: '["orders"]' },
      { role: 'tool', tool_call_id: b!.id, content: 'Error: bucket not found' },
    ]);
  });

  it('hands reasoning_content back to the server that produced it', async () => {
    const s = await scriptModel([{ reasoning: 'Need the tables first.', tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'b' } }] }, { text: 'ok' }]);
    const provider = openai(s.model('deepseek-reasoner'));
    const first = await provider.turn(request([{ role: 'user', content: 'Go' }]));
    const call = first.tool_calls[0]!;
    await provider.turn(request([{ role: 'user', content: 'Go' }, assistantMessage(first), { role: 'tool', tool_call_id: call.id, name: call.name, content: '[]' }]));
    const [, sent] = await s.requests();
    expect((sent!.body as any).messages[2].reasoning_content).toBe('Need the tables first.');
  });

  it('keeps arguments that are not JSON where the tool schema will refuse them', async () => {
    const s = await scriptModel([{ tool_calls: [{ tool: 'keboola.storage.tables', raw_arguments: '{"bucket": in.c-main}' }] }]);
    const turn = await openai(s.model('gpt-4.1')).turn(request([{ role: 'user', content: 'Go' }]));
    expect(turn.tool_calls[0]!.args).toEqual({ _unparsed_arguments: '{"bucket": in.c-main}' });
  });

  it('reports a refused key as not retryable, naming OPENAI_API_KEY', async () => {
    const s = await scriptModel([{ text: 'never sent' }]);
    const error = await failure(openai(s.model('gpt-4o'), 'sk-wrong-key-12345678').turn(request([{ role: 'user', content: 'Hi' }])));
    expect(error).toMatchObject({ provider: 'openai-compatible', status: 401, retryable: false });
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).toContain('Check OPENAI_API_KEY');
  });

  it('reports 500 and 429 as retryable and 400 as not', async () => {
    const s = await scriptModel([{ error: { status: 500 } }, { error: { status: 429, headers: { 'retry-after-ms': '1500' } } }, { error: { status: 400 } }]);
    const provider = openai(s.model('gpt-4o'));
    const ask = () => failure(provider.turn(request([{ role: 'user', content: 'Hi' }])));
    expect(await ask()).toMatchObject({ status: 500, retryable: true, message: expect.stringContaining('The server had an error') });
    expect(await ask()).toMatchObject({ status: 429, retryable: true, retryAfterMs: 1500 });
    expect(await ask()).toMatchObject({ status: 400, retryable: false });
  });

  it('reports an unreachable endpoint as retryable, naming OPENAI_BASE_URL', async () => {
    // A dropped connection, injected where the adapter meets the network.
    const provider = new OpenAICompatibleProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', fetch: () => Promise.reject(new TypeError('Network connection lost.')) });
    const error = await failure(provider.turn(request([{ role: 'user', content: 'Hi' }])));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toContain('Check OPENAI_BASE_URL');
  });
});
