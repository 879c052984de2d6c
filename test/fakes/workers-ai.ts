import { estimatedUsage, nextTurn, openScenario, pause, randomId, type ScriptedTurn } from './model-scripts';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * Fake upstream of the Workers AI binding. The real binding (workerd src/cloudflare/internal/ai-api.ts)
 * POSTs `{inputs, options}` to its fetcher with the model in `cf-consn-model-id`, returns the JSON
 * body when the content type is application/json, and on failure throws
 * InferenceUpstreamError("<internalCode>: <description>") from `{internalCode, description, name}`.
 * test/fakes/control.ts `fakeWorkersAi()` is that binding pointed at this route.
 */

export const workersAiRoutes: FakeRoute[] = [{ method: 'POST', path: /^\/workers-ai\/run$/, handle: run }];

async function run(request: FakeRequest): Promise<FakeReply> {
  const model = header(request, 'cf-consn-model-id');
  const inputs = (request.body as { inputs?: Record<string, any> } | undefined)?.inputs;
  const opened = openScenario('workers-ai', request, model);
  if (opened.kind === 'fail') return aiError(400, 5007, opened.message);
  const invalid = validate(inputs);
  if (invalid) return invalid;
  const next = nextTurn(opened.scenario, opened.recorded);
  if (next.kind === 'fail') return aiError(400, 5006, next.message);
  const { turn } = next;
  await pause(turn);
  if (turn.error) return { status: turn.error.status, json: turn.error.body ?? defaultError(turn.error.status, String(model)), headers: turn.error.headers };
  const shape = turn.shape ?? (/^@(cf\/meta\/llama|hf\/)/.test(String(model)) ? 'legacy' : 'chat');
  return { status: 200, json: shape === 'legacy' ? legacy(request, turn) : chat(request, turn, String(model)) };
}

/** Older function-calling models: `{response, tool_calls: [{name, arguments}], usage}`. */
function legacy(request: FakeRequest, turn: ScriptedTurn) {
  const usage = estimatedUsage(request, turn);
  return {
    response: turn.text ?? '',
    ...(turn.tool_calls?.length ? { tool_calls: turn.tool_calls.map((c) => ({ name: c.name, arguments: c.args ?? {} })) } : {}),
    usage: { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, total_tokens: usage.input_tokens + usage.output_tokens },
  };
}

/** Current models: the Chat Completions object (workers-types ChatCompletionsOutput). */
function chat(request: FakeRequest, turn: ScriptedTurn, model: string) {
  const usage = estimatedUsage(request, turn);
  const calls = (turn.tool_calls ?? []).map((c) => ({ id: c.id ?? randomId('chatcmpl-tool-', 16), type: 'function', function: { name: c.name, arguments: c.raw_arguments ?? JSON.stringify(c.args ?? {}) } }));
  return {
    id: randomId('id-', 13),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: turn.model ?? model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.text ?? null,
          refusal: null,
          ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
          ...(calls.length ? { tool_calls: calls } : {}),
        },
        logprobs: null,
        finish_reason: turn.finish === 'length' ? 'length' : calls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, total_tokens: usage.input_tokens + usage.output_tokens },
  };
}

/** Workers AI validates inputs against the model's JSON schema; every message content must be a string. */
function validate(inputs: Record<string, any> | undefined): FakeReply | undefined {
  if (!inputs || !Array.isArray(inputs.messages)) return aiError(400, 5006, "Error: oneOf at '/' not met: required properties at '/' are 'messages'");
  for (const [i, m] of inputs.messages.entries()) {
    if (typeof m?.role !== 'string' || typeof m?.content !== 'string') {
      return aiError(400, 5006, `Error: Type mismatch of '/messages/${i}/content', '${m?.content === null ? 'null' : typeof m?.content}' not in 'string'`);
    }
  }
  return undefined;
}

function defaultError(status: number, model: string) {
  if (status === 429) return errorBody(3040, 'No more data centers to forward the request to');
  if (status === 408) return errorBody(3007, 'Request timeout');
  if (status === 400) return errorBody(5007, `No such model ${model} or task`);
  return errorBody(3043, 'Internal server error');
}

function aiError(status: number, internalCode: number, description: string): FakeReply {
  return { status, json: errorBody(internalCode, description) };
}

function errorBody(internalCode: number, description: string) {
  return { internalCode, description, name: 'InferenceUpstreamError', message: description };
}
