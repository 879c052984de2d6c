import { describe, expect, it } from 'vitest';
import { fakeWorkersAi, scriptModel } from '../../../test/fakes/control';
import { costUsd } from './prices';
import { ModelProviderError, assistantMessage, type ChatMessage, type ModelToolSpec, type ModelTurnRequest } from './types';
import { WorkersAiProvider } from './workers-ai';

// The real adapter through an AI binding whose upstream is test/fakes/workers-ai.ts.

const TABLES: ModelToolSpec = {
  name: 'keboola.storage.tables',
  description: 'List the tables of a bucket',
  input_schema: { type: 'object', properties: { bucket: { type: 'string' } }, required: ['bucket'] },
};
const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';

function workersAi(model: string) {
  return new WorkersAiProvider({ ai: fakeWorkersAi(), model });
}

function request(messages: ChatMessage[]): ModelTurnRequest {
  return { system: 'You run one step.', messages, tools: [TABLES], max_output_tokens: 512 };
}

async function failure(promise: Promise<unknown>): Promise<ModelProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelProviderError);
  return error as ModelProviderError;
}

describe('WorkersAiProvider', () => {
  it('reads the older {response, usage} answer and prices it', async () => {
    const s = await scriptModel([{ text: 'Hi!', usage: { input_tokens: 100_000, output_tokens: 10_000 } }]);
    const turn = await workersAi(s.model(LLAMA)).turn(request([{ role: 'user', content: 'Hello' }]));

    expect(turn).toEqual({ text: 'Hi!', tool_calls: [], usage: { input_tokens: 100_000, output_tokens: 10_000 }, finish: 'stop', model: s.model(LLAMA) });
    expect(costUsd(turn.model, turn.usage)).toMatchObject({ priced: 'table', price_key: LLAMA });
    expect(costUsd(turn.model, turn.usage).usd).toBeCloseTo((100_000 * 0.293 + 10_000 * 2.253) / 1e6, 10);

    const [sent] = await s.requests();
    expect(sent!.headers['cf-consn-model-id']).toBe(s.model(LLAMA));
    expect((sent!.body as any).inputs).toEqual({
      messages: [
        { role: 'system', content: 'You run one step.' },
        { role: 'user', content: 'Hello' },
      ],
      tools: [{ type: 'function', function: { name: 'keboola__storage__tables', description: TABLES.description, parameters: TABLES.input_schema } }],
      max_tokens: 512,
    });
  });

  it('reads older tool calls (arguments as an object, no id) and decodes the name', async () => {
    const s = await scriptModel([{ tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }] }]);
    const turn = await workersAi(s.model(LLAMA)).turn(request([{ role: 'user', content: 'Tables?' }]));
    expect(turn.finish).toBe('tool_calls');
    expect(turn.tool_calls).toEqual([{ id: expect.stringMatching(/^call_0_/), name: 'keboola.storage.tables', args: { bucket: 'in.c-main' } }]);
  });

  it('reads Chat Completions answers from current models and sends results back as strings', async () => {
    const s = await scriptModel([{ tool_calls: [{ tool: 'keboola.storage.tables', args: { bucket: 'b' } }], shape: 'chat' }, { text: 'Two tables.', shape: 'chat' }]);
    const provider = workersAi(s.model('@cf/moonshotai/kimi-k2.5'));
    const first = await provider.turn(request([{ role: 'user', content: 'Tables?' }]));
    const call = first.tool_calls[0]!;
    expect(call).toMatchObject({ name: 'keboola.storage.tables', args: { bucket: 'b' } });

    const second = await provider.turn(request([{ role: 'user', content: 'Tables?' }, assistantMessage(first), { role: 'tool', tool_call_id: call.id, name: call.name, content: '["a","b"]' }]));
    expect(second.text).toBe('Two tables.');
    const [, sent] = await s.requests();
    // The binding validates every content as a string: an empty string, never null, beside tool_calls.
    expect((sent!.body as any).inputs.messages.slice(2)).toEqual([
      { role: 'assistant', content: '', tool_calls: [{ id: call.id, type: 'function', function: { name: 'keboola__storage__tables', arguments: '{"bucket":"b"}' } }] },
      { role: 'tool', tool_call_id: call.id, content: '["a","b"]', name: 'keboola__storage__tables' },
    ]);
  });

  it('reports an unknown model as not retryable and a server failure as retryable', async () => {
    const s = await scriptModel([{ error: { status: 400 } }, { error: { status: 500 } }, { error: { status: 429 } }]);
    const provider = workersAi(s.model(LLAMA));
    const ask = () => failure(provider.turn(request([{ role: 'user', content: 'Hi' }])));
    const unknown = await ask();
    expect(unknown).toMatchObject({ status: 400, retryable: false });
    expect(unknown.message).toContain('5007: No such model');
    expect(unknown.message).toContain('MODEL_NAME');
    expect(await ask()).toMatchObject({ retryable: true });
    expect(await ask()).toMatchObject({ status: 429, retryable: true, message: expect.stringContaining('out of capacity') });
  });
});
