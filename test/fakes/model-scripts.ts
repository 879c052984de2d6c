import { obey, type Obeyed } from './compromised-model';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * Scripted model turns shared by the provider fakes. A test uploads a scenario (a list of turns)
 * and names it in the model: `<any model id>-test-<scenario>`, so parallel test files never share
 * a script and prices still resolve from the model id in front. Every request that names a
 * scenario is recorded so tests can assert on the exact body the adapter sent.
 */

export type ScriptedToolCall = {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
  /** Chat Completions: send this text as `arguments` instead of JSON of args (models do emit broken JSON). */
  raw_arguments?: string;
};

export type ScriptedTurn = {
  text?: string;
  /** Names exactly as the model would emit them (wire names; test/fakes/control.ts encodes our ids). */
  tool_calls?: ScriptedToolCall[];
  /** Anthropic: answer with a signed thinking block first; later requests must replay it. */
  thinking?: string;
  /** OpenAI-compatible: put this in `reasoning_content` beside the message. */
  reasoning?: string;
  /** Default: estimated from the request and answer sizes. */
  usage?: { input_tokens: number; output_tokens: number };
  finish?: 'stop' | 'tool_calls' | 'length';
  /** The model id the answer reports (default: the requested one), e.g. a dated snapshot. */
  model?: string;
  /** Workers AI: answer in Chat Completions shape or the older `{response, tool_calls}` shape. */
  shape?: 'chat' | 'legacy';
  /** Answer only after this long (for timeout tests). */
  delay_ms?: number;
  /** Fail this turn with this status (body defaults to the provider's own error shape). */
  error?: { status: number; body?: unknown; headers?: Record<string, string> };
  /**
   * A compromised model: answer by obeying the instructions in the request (test/fakes/compromised-model.ts)
   * instead of from `text` and `tool_calls`.
   */
  obey?: true;
};

export type RecordedRequest = {
  provider: FakeProvider;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** Set when an `obey` turn answered this request: the calls or the reply it obeyed (`[]`: none). */
  obeyed?: Obeyed[];
};
export type FakeProvider = 'anthropic' | 'openai' | 'workers-ai';

const scenarios = new Map<string, Scenario>();

/** `claude-sonnet-5-5-test-abc` → `abc` (the first "-test-" starts the scenario name). */
export function scenarioName(model: unknown): string | undefined {
  return typeof model === 'string' ? /^.*?-test-([A-Za-z0-9_.-]+)$/.exec(model)?.[1] : undefined;
}

export type Scenario = { name: string; turns: ScriptedTurn[]; served: number; requests: RecordedRequest[]; thinkingIssued: boolean };

export type Outcome<T> = ({ kind: 'ok' } & T) | { kind: 'fail'; status: number; message: string };

/** Finds the scenario the model names and records the request (even one the fake then refuses). */
export function openScenario(provider: FakeProvider, request: FakeRequest, model: unknown): Outcome<{ scenario: Scenario; recorded: RecordedRequest }> {
  const name = scenarioName(model);
  const scenario = name ? scenarios.get(name) : undefined;
  if (!scenario) {
    return { kind: 'fail', status: 400, message: `fake ${provider}: model "${String(model)}" names no uploaded scenario (expected <model>-test-<scenario>, uploaded with POST /__control/model/<scenario>)` };
  }
  const recorded: RecordedRequest = { provider, path: request.path, headers: flatHeaders(request), body: request.body };
  scenario.requests.push(recorded);
  return { kind: 'ok', scenario, recorded };
}

/**
 * The next scripted turn for the recorded request; called only once the request passed the
 * provider's checks, like a real model run. An `obey` turn is answered from the request itself.
 */
export function nextTurn(scenario: Scenario, recorded: RecordedRequest): Outcome<{ turn: ScriptedTurn }> {
  const turn = scenario.turns[scenario.served];
  if (!turn) return { kind: 'fail', status: 400, message: `fake ${recorded.provider}: scenario "${scenario.name}" has ${scenario.turns.length} scripted turns and got one request more` };
  scenario.served += 1;
  if (!turn.obey) return { kind: 'ok', turn };
  const answer = obey(recorded.provider, recorded.body);
  recorded.obeyed = answer.obeyed;
  return { kind: 'ok', turn: { ...turn, text: answer.text, tool_calls: answer.tool_calls } };
}

export async function pause(turn: ScriptedTurn): Promise<void> {
  if (turn.delay_ms) await new Promise((resolve) => setTimeout(resolve, turn.delay_ms));
}

/** Rough token estimate (4 characters a token) when a turn does not script its usage. */
export function estimatedUsage(request: FakeRequest, turn: ScriptedTurn): { input_tokens: number; output_tokens: number } {
  if (turn.usage) return turn.usage;
  const answer = (turn.text ?? '') + JSON.stringify(turn.tool_calls ?? []) + (turn.thinking ?? '');
  return { input_tokens: Math.max(1, Math.ceil(request.rawBody.length / 4)), output_tokens: Math.max(1, Math.ceil(answer.length / 4)) };
}

export function randomId(prefix: string, length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = prefix;
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

function flatHeaders(request: FakeRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(request.headers)) out[name] = header(request, name) ?? '';
  return out;
}

const SCENARIO = '([A-Za-z0-9_.-]+)';

export const modelControlRoutes: FakeRoute[] = [
  {
    method: 'POST',
    path: new RegExp(`^/__control/model/${SCENARIO}$`),
    handle(request): FakeReply {
      const turns = (request.body as { turns?: unknown })?.turns;
      if (!Array.isArray(turns)) return { status: 400, json: { fake_error: 'body must be {"turns": [...]}' } };
      const name = request.params[0]!;
      scenarios.set(name, { name, turns: turns as ScriptedTurn[], served: 0, requests: [], thinkingIssued: false });
      return { status: 200, json: { scenario: request.params[0], turns: turns.length } };
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/__control/model/${SCENARIO}/requests$`),
    handle(request): FakeReply {
      const scenario = scenarios.get(request.params[0]!);
      if (!scenario) return { status: 404, json: { fake_error: `no scenario "${request.params[0]}"` } };
      return { status: 200, json: scenario.requests };
    },
  },
];
