import { FAKE_OPENAI_KEY } from './keys';
import { estimatedUsage, nextTurn, openScenario, pause, randomId, type ScriptedTurn } from './model-scripts';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * Fake OpenAI Chat Completions: POST /openai/v1/chat/completions, the real request checks that
 * catch adapter mistakes (Bearer key, tool name pattern, string arguments, every tool call
 * answered by a tool message) and the real response and error bodies.
 * https://platform.openai.com/docs/api-reference/chat/object
 */

export const openaiRoutes: FakeRoute[] = [{ method: 'POST', path: /^\/openai\/v1\/chat\/completions$/, handle: chatCompletions }];

async function chatCompletions(request: FakeRequest): Promise<FakeReply> {
  const body = request.body as Record<string, any> | undefined;
  const opened = openScenario('openai', request, body?.model);
  if (opened.kind === 'fail') return openaiError(opened.status, opened.message, 'invalid_request_error');
  const auth = header(request, 'authorization');
  if (auth !== `Bearer ${FAKE_OPENAI_KEY}`) return unauthorized(auth);
  const invalid = validate(body!);
  if (invalid) return invalid;
  const next = nextTurn(opened.scenario, opened.recorded);
  if (next.kind === 'fail') return openaiError(next.status, next.message, 'invalid_request_error');
  const { turn } = next;
  await pause(turn);
  if (turn.error) return { status: turn.error.status, json: turn.error.body ?? defaultError(turn.error.status, String(body!.model)), headers: turn.error.headers };
  return { status: 200, json: completion(request, turn, String(body!.model)) };
}

function completion(request: FakeRequest, turn: ScriptedTurn, model: string) {
  const calls = (turn.tool_calls ?? []).map((c) => ({
    id: c.id ?? randomId('call_'),
    type: 'function',
    function: { name: c.name, arguments: c.raw_arguments ?? JSON.stringify(c.args ?? {}) },
  }));
  const usage = estimatedUsage(request, turn);
  return {
    id: randomId('chatcmpl-', 29),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: turn.model ?? model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.text ?? (calls.length > 0 ? null : ''),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
          ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: turn.finish === 'length' ? 'length' : calls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: usage.input_tokens,
      completion_tokens: usage.output_tokens,
      total_tokens: usage.input_tokens + usage.output_tokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: null,
  };
}

/** The request checks the real API makes that an adapter could get wrong. */
function validate(body: Record<string, any>): FakeReply | undefined {
  if (!Array.isArray(body.messages)) return openaiError(400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'messages', 'missing_required_parameter');
  for (const [i, tool] of (body.tools ?? []).entries()) {
    const name = tool?.function?.name;
    if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
      return openaiError(
        400,
        `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        'invalid_request_error',
        `tools[${i}].function.name`,
        'invalid_value',
      );
    }
  }
  const messages: Array<Record<string, any>> = body.messages;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === 'tool' && !answersToolCall(messages, i)) {
      return openaiError(400, "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", 'invalid_request_error', `messages.[${i}].role`);
    }
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const [j, call] of m.tool_calls.entries()) {
      if (typeof call?.function?.arguments !== 'string') {
        return openaiError(400, `Invalid type for 'messages[${i}].tool_calls[${j}].function.arguments': expected a string, but got ${typeof call?.function?.arguments} instead.`, 'invalid_request_error', `messages[${i}].tool_calls[${j}].function.arguments`, 'invalid_type');
      }
    }
    const answered = new Set<string>();
    for (let k = i + 1; k < messages.length && messages[k]!.role === 'tool'; k++) answered.add(messages[k]!.tool_call_id);
    const missing = m.tool_calls.map((c: { id: string }) => c.id).filter((id: string) => !answered.has(id));
    if (missing.length > 0) {
      return openaiError(
        400,
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
        'invalid_request_error',
        `messages.[${i + 1}].role`,
      );
    }
  }
  return undefined;
}

function answersToolCall(messages: Array<Record<string, any>>, index: number): boolean {
  for (let k = index - 1; k >= 0; k--) {
    const m = messages[k]!;
    if (m.role === 'tool') continue;
    return m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.some((c: { id: string }) => c.id === messages[index]!.tool_call_id);
  }
  return false;
}

function unauthorized(auth: string | undefined): FakeReply {
  if (!auth) {
    return openaiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      'invalid_request_error',
    );
  }
  const key = auth.replace(/^Bearer\s+/i, '');
  const masked = key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}` : key;
  return openaiError(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', null, 'invalid_api_key');
}

function defaultError(status: number, model: string): unknown {
  if (status === 401) return unauthorized('Bearer sk-wrong-key-0000').json;
  if (status === 404) return body(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found');
  if (status === 429) return body(`Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`, 'requests', null, 'rate_limit_exceeded');
  if (status === 503) return body('The engine is currently overloaded, please try again later.', 'server_error', null, null);
  if (status >= 500) return body('The server had an error while processing your request. Sorry about that!', 'server_error', null, null);
  return body('Scripted failure from the fake.', 'invalid_request_error', null, null);
}

function openaiError(status: number, message: string, type: string, param: string | null = null, code: string | null = null): FakeReply {
  return { status, json: body(message, type, param, code) };
}

function body(message: string, type: string, param: string | null, code: string | null) {
  return { error: { message, type, param, code } };
}
