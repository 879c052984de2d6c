import { env } from 'cloudflare:test';
import { wireToolName } from '../../src/executors/model/tool-names';
import type { RecordedRequest, ScriptedTurn } from './model-scripts';
import type { RecordedSlackMessage } from './slack';

/**
 * The test side of the network-edge fakes, running inside workerd (Slack helpers at the end).
 * Model providers: script a scenario, point a provider at `scenario.model('<model id>')`, then
 * read what the adapter sent:
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

// --- Fake Slack (test/fakes/slack.ts). Use a channel name of your own per test: state is per channel.

export type { RecordedSlackMessage };
export { SLACK_MISSING_CHANNEL_PREFIX, SLACK_NOT_INVITED_PREFIX } from './keys';

/** A channel name no other test uses, e.g. `#t-ab12cd34ef-digest`. */
export function uniqueChannel(label = 'test'): string {
  return `#t-${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}-${label}`;
}

async function slackControl<T>(method: 'GET' | 'POST', path: string, channel: string, extra: Record<string, unknown> = {}): Promise<T> {
  const url = `${fakesUrl()}/__control/slack/${path}${method === 'GET' ? `?channel=${encodeURIComponent(channel)}` : ''}`;
  const init: RequestInit = method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, ...extra }) };
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`fake Slack control ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every message the fake accepted for the channel ("#x" and "x" are the same), oldest first; held ones included. */
export function slackMessages(channel: string): Promise<RecordedSlackMessage[]> {
  return slackControl('GET', 'messages', channel);
}

/** The next postMessage to the channel is recorded at once but answered only on releaseSlack(). */
export async function holdSlack(channel: string): Promise<void> {
  await slackControl('POST', 'hold', channel);
}

/** Whether a postMessage to the channel is waiting on a hold right now. */
export async function slackHeld(channel: string): Promise<boolean> {
  return (await slackControl<{ held: boolean }>('GET', 'held', channel)).held;
}

/** Answers every held postMessage to the channel and disarms a hold not used yet; returns how many were waiting. */
export async function releaseSlack(channel: string): Promise<number> {
  return (await slackControl<{ released: number }>('POST', 'release', channel)).released;
}

/**
 * The next postMessage to the channel fails, once, without being recorded. Default: HTTP 200
 * `{ok:false, error:"internal_error"}`; `status: 429` answers `ratelimited` with Retry-After
 * (`retry_after` seconds, default 30). `messages` go in response_metadata.messages, as Slack explains refusals.
 */
export async function failSlack(channel: string, failure: { status?: number; error?: string; retry_after?: number; messages?: string[] } = {}): Promise<void> {
  await slackControl('POST', 'fail', channel, failure);
}
