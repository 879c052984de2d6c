import { FAKE_ANTHROPIC_KEY } from './keys';
import { estimatedUsage, nextTurn, openScenario, pause, randomId, type ScriptedTurn } from './model-scripts';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * Fake Anthropic Messages API: POST /anthropic/v1/messages with the real checks an adapter can fail
 * (x-api-key, anthropic-version, max_tokens, tool name pattern, non-empty text, tool_use answered
 * by tool_result in the next message, signed thinking blocks replayed) and the real response and
 * error bodies. https://docs.claude.com/en/api/messages, https://docs.claude.com/en/api/errors
 */

export const anthropicRoutes: FakeRoute[] = [{ method: 'POST', path: /^\/anthropic\/v1\/messages$/, handle: messages }];

type Message = { role: string; content: string | Array<Record<string, any>> };

async function messages(request: FakeRequest): Promise<FakeReply> {
  const body = request.body as Record<string, any> | undefined;
  const opened = openScenario('anthropic', request, body?.model);
  if (opened.kind === 'fail') return anthropicError(opened.status, 'invalid_request_error', opened.message);
  const key = header(request, 'x-api-key');
  if (key !== FAKE_ANTHROPIC_KEY) return anthropicError(401, 'authentication_error', key ? 'invalid x-api-key' : 'x-api-key header is required');
  if (!header(request, 'anthropic-version')) return anthropicError(400, 'invalid_request_error', 'anthropic-version: header is required');
  const { scenario } = opened;
  const invalid = validate(body!, scenario.thinkingIssued);
  if (invalid) return invalid;
  const next = nextTurn(scenario, opened.recorded);
  if (next.kind === 'fail') return anthropicError(next.status, 'invalid_request_error', next.message);
  const { turn } = next;
  await pause(turn);
  if (turn.error) return { status: turn.error.status, json: turn.error.body ?? defaultError(turn.error.status), headers: turn.error.headers };
  if (turn.thinking) scenario.thinkingIssued = true;
  return { status: 200, json: message(request, turn, String(body!.model)), headers: { 'request-id': randomId('req_') } };
}

function message(request: FakeRequest, turn: ScriptedTurn, model: string) {
  const content: Array<Record<string, unknown>> = [];
  if (turn.thinking) content.push({ type: 'thinking', thinking: turn.thinking, signature: signature(turn.thinking) });
  if (turn.text) content.push({ type: 'text', text: turn.text });
  for (const c of turn.tool_calls ?? []) content.push({ type: 'tool_use', id: c.id ?? randomId('toolu_01', 22), name: c.name, input: c.args ?? {} });
  const usage = estimatedUsage(request, turn);
  const hasTools = (turn.tool_calls ?? []).length > 0;
  return {
    id: randomId('msg_01', 22),
    type: 'message',
    role: 'assistant',
    model: turn.model ?? model,
    content,
    stop_reason: turn.finish === 'length' ? 'max_tokens' : hasTools ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: usage.output_tokens,
      service_tier: 'standard',
    },
  };
}

/** The request checks the real API makes that an adapter could get wrong. */
function validate(body: Record<string, any>, thinkingIssued: boolean): FakeReply | undefined {
  if (typeof body.max_tokens !== 'number') return anthropicError(400, 'invalid_request_error', 'max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return anthropicError(400, 'invalid_request_error', 'messages: Field required');
  for (const [i, tool] of (body.tools ?? []).entries()) {
    if (typeof tool?.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) {
      return anthropicError(400, 'invalid_request_error', `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    }
  }
  const msgs: Message[] = body.messages;
  for (let i = 0; i < msgs.length; i++) {
    const blocks = blocksOf(msgs[i]!);
    for (const [j, b] of blocks.entries()) {
      if (b.type === 'text' && !b.text) return anthropicError(400, 'invalid_request_error', `messages.${i}.content.${j}.text: text content blocks must be non-empty`);
      if (b.type === 'thinking' && b.signature !== signature(String(b.thinking))) {
        return anthropicError(400, 'invalid_request_error', `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
      }
      if (b.type === 'tool_result') {
        const previous = i > 0 ? blocksOf(msgs[i - 1]!) : [];
        if (msgs[i]!.role !== 'user' || !previous.some((p) => p.type === 'tool_use' && p.id === b.tool_use_id)) {
          return anthropicError(
            400,
            'invalid_request_error',
            `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
      }
    }
    const uses = blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
    if (msgs[i]!.role === 'assistant' && uses.length > 0) {
      const next = i + 1 < msgs.length ? blocksOf(msgs[i + 1]!) : undefined;
      const answered = new Set((next ?? []).filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id)));
      const missing = uses.filter((id) => !answered.has(id));
      if (next && missing.length > 0) {
        return anthropicError(
          400,
          'invalid_request_error',
          `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
  }
  return thinkingIssued ? checkThinkingReplayed(msgs) : undefined;
}

/** Once the model has thought in this conversation, the assistant turn before the last tool results must start with thinking. */
function checkThinkingReplayed(msgs: Message[]): FakeReply | undefined {
  for (let i = msgs.length - 1; i >= 0; i--) {
    const blocks = blocksOf(msgs[i]!);
    if (msgs[i]!.role !== 'assistant' || !blocks.some((b) => b.type === 'tool_use')) continue;
    const first = blocks[0]?.type;
    if (first === 'thinking' || first === 'redacted_thinking') return undefined;
    return anthropicError(
      400,
      'invalid_request_error',
      `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`,
    );
  }
  return undefined;
}

function blocksOf(m: Message): Array<Record<string, any>> {
  return typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? m.content : [];
}

/** Stands in for Anthropic's opaque signature: the fake can tell whether a block came back unchanged. */
function signature(thinking: string): string {
  return Buffer.from(`fake-signature:${thinking}`).toString('base64');
}

const ERROR_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Scripted failure from the fake.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

function defaultError(status: number): unknown {
  const [type, message] = ERROR_TYPES[status] ?? (status >= 500 ? ERROR_TYPES[500]! : ERROR_TYPES[400]!);
  return errorBody(type, message);
}

function anthropicError(status: number, type: string, message: string): FakeReply {
  return { status, json: errorBody(type, message) };
}

function errorBody(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: randomId('req_') };
}
