import { env } from 'cloudflare:test';
import { wireToolName } from '../../src/executors/model/tool-names';
import type { RecordedRequest, ScriptedTurn } from './model-scripts';

/**
 * The test side of the fake model providers, running inside workerd. Script a scenario, point a
 * provider at `scenario.model('<model id>')`, then read what the adapter sent:
 *
 *   const s = await scriptModel([{ tool_calls: [{ tool: 'keboola.storage.tables', args: {} }] }, { text: 'done' }]);
 *   const provider = new AnthropicProvider({ apiKey: env.ANTHROPIC_API_KEY!, baseUrl: env.ANTHROPIC_BASE_URL, model: s.model('claude-sonnet-5-5') });
 *   …
 *   const [first, second] = await s.requests();
 */

export type { RecordedRequest } from './model-scripts';

/** A scripted tool call names our tool id; it is sent under the wire name a real model would use. */
export type TestToolCall = { tool: string; args?: Record<string, unknown>; id?: string; raw_arguments?: string };
export type TestTurn = Omit<ScriptedTurn, 'tool_calls'> & { tool_calls?: TestToolCall[] };

export type ModelScenario = {
  name: string;
  /** `<base>-test-<scenario>`: the fake picks the script by this suffix; prices resolve by `base`. */
  model(base: string): string;
  /** Every request the fakes received for this scenario, oldest first. */
  requests(): Promise<RecordedRequest[]>;
};

export function fakesUrl(): string {
  if (!env.FAKES_URL) throw new Error('FAKES_URL is not bound: run the tests through vitest.config.ts (its globalSetup starts the fakes)');
  return env.FAKES_URL;
}

export async function scriptModel(turns: TestTurn[], name = `s${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`): Promise<ModelScenario> {
  const scripted: ScriptedTurn[] = turns.map(({ tool_calls, ...turn }) => ({
    ...turn,
    ...(tool_calls ? { tool_calls: tool_calls.map(({ tool, ...call }) => ({ name: wireToolName(tool), ...call })) } : {}),
  }));
  const response = await fetch(`${fakesUrl()}/__control/model/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ turns: scripted }),
  });
  if (!response.ok) throw new Error(`could not upload scenario ${name}: ${response.status} ${await response.text()}`);
  return { name, model: (base) => `${base}-test-${name}`, requests: () => recordedRequests(name) };
}

export async function recordedRequests(scenario: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${fakesUrl()}/__control/model/${scenario}/requests`);
  if (!response.ok) throw new Error(`no recorded requests for ${scenario}: ${response.status} ${await response.text()}`);
  return (await response.json()) as RecordedRequest[];
}

/**
 * An `AI` binding whose upstream is the fake: the same wire protocol as the real binding
 * (workerd src/cloudflare/internal/ai-api.ts), so WorkersAiProvider runs its real code path.
 * Miniflare's own AI binding needs a Cloudflare account, which tests must not.
 */
export function fakeWorkersAi(): Ai {
  const run = async (model: string, inputs: Record<string, unknown>, options: Record<string, unknown> = {}) => {
    const { prefix, extraHeaders, ...rest } = options;
    const response = await fetch(`${fakesUrl()}/workers-ai/run?version=3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-consn-sdk-version': '2.0.0', 'cf-consn-model-id': `${prefix ? `${prefix}:` : ''}${model}` },
      body: JSON.stringify({ inputs, options: rest }),
    });
    if (!response.ok) {
      const text = await response.text();
      try {
        const error = JSON.parse(text) as { internalCode: number; description: string; name?: string };
        throw Object.assign(new Error(`${error.internalCode}: ${error.description}`), { name: error.name ?? 'InferenceUpstreamError' });
      } catch (e) {
        if (e instanceof SyntaxError) throw Object.assign(new Error(text), { name: 'InferenceUpstreamError' });
        throw e;
      }
    }
    return response.headers.get('content-type') === 'application/json' ? response.json() : response.body;
  };
  return { run } as unknown as Ai;
}
