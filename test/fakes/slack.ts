import { FAKE_SLACK_BOT_TOKEN, SLACK_MISSING_CHANNEL_PREFIX, SLACK_NOT_INVITED_PREFIX } from './keys';
import { header, type FakeReply, type FakeRequest, type FakeRoute } from './server';

/**
 * Fake Slack Web API under /slack/api/: chat.postMessage and auth.test with Slack's own shapes.
 * Slack answers HTTP 200 for refusals (`{ok:false, error}`), 429 with Retry-After when rate
 * limiting, and echoes the channel as an id (https://docs.slack.dev/reference/methods/chat.postMessage,
 * https://docs.slack.dev/apis/web-api/rate-limits). Channels whose name starts with
 * SLACK_MISSING_CHANNEL_PREFIX do not exist; with SLACK_NOT_INVITED_PREFIX the bot is not a member.
 *
 * Control (/__control/slack/, used through test/fakes/control.ts): read what was posted, hold the
 * next post to a channel until released (to stop the runtime while a send is in flight), and make
 * the next post to a channel fail. Tests use their own channel names, so parallel files never share
 * state.
 */

export type RecordedSlackMessage = {
  /** As the client sent it ("#ar-collections", "ar-collections" or an id). */
  channel: string;
  channel_id: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  /** The whole JSON body, for asserting on fields such as unfurl_links. */
  body: Record<string, unknown>;
  received_at: string;
  /** Received while a hold was armed: recorded at once, answered only on release. */
  held: boolean;
};

type Failure = { status: number; error: string; retry_after: number; messages?: string[] };
type Hold = { armed: boolean; waiting: (() => void)[] };

const messages = new Map<string, RecordedSlackMessage[]>();
const holds = new Map<string, Hold>();
const failures = new Map<string, Failure>();
let tsCounter = 0;

/** "#ar-collections" and "ar-collections" are the same channel, as in Slack. */
function channelKey(channel: string): string {
  return channel.replace(/^#/, '');
}

/** Slack channel ids are C + 8..11 upper-case characters; a name maps to a stable fake id. */
function channelId(key: string): string {
  if (/^[CGD][A-Z0-9]{8,}$/.test(key)) return key;
  let hash = 0;
  for (const c of key) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `C${hash.toString(36).toUpperCase().padStart(10, '0')}`;
}

/** Message timestamps are "<unix seconds>.<6 digits>", unique per channel (they are the message id). */
function nextTs(): string {
  tsCounter = (tsCounter + 1) % 1_000_000;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
}

function slackError(error: string, extra: Record<string, unknown> = {}): FakeReply {
  return { status: 200, json: { ok: false, error, ...extra } };
}

/** Bearer token from the Authorization header, as Slack requires for JSON bodies. */
function authError(request: FakeRequest): FakeReply | undefined {
  const auth = header(request, 'authorization');
  if (!auth) return slackError('not_authed');
  if (auth !== `Bearer ${FAKE_SLACK_BOT_TOKEN}`) return slackError('invalid_auth');
  return undefined;
}

/** Slack accepts JSON without a charset but warns about it; the client should send one. */
function charsetWarning(request: FakeRequest): Record<string, unknown> {
  const type = header(request, 'content-type') ?? '';
  return /charset=/i.test(type) ? {} : { warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } };
}

async function postMessage(request: FakeRequest): Promise<FakeReply> {
  const refused = authError(request);
  if (refused) return refused;
  if (!(header(request, 'content-type') ?? '').startsWith('application/json')) return slackError('invalid_form_data');
  const body = request.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return slackError('invalid_json');
  if (typeof body.channel !== 'string' || !body.channel) return slackError('channel_not_found');
  const key = channelKey(body.channel);
  if (key.startsWith(SLACK_MISSING_CHANNEL_PREFIX)) return slackError('channel_not_found');
  if (key.startsWith(SLACK_NOT_INVITED_PREFIX)) return slackError('not_in_channel');
  const text = typeof body.text === 'string' ? body.text : undefined;
  const blocks = body.blocks;
  if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > 50 || blocks.some((b) => typeof b?.type !== 'string'))) {
    return slackError('invalid_blocks');
  }
  if (!text && !blocks) return slackError('no_text');
  if (text && text.length > 40_000) return slackError('msg_too_long');

  const failure = failures.get(key);
  if (failure) {
    failures.delete(key);
    const json = { ok: false, error: failure.error, ...(failure.messages ? { response_metadata: { messages: failure.messages } } : {}) };
    return failure.status === 429 ? { status: 429, json, headers: { 'retry-after': String(failure.retry_after) } } : { status: failure.status, json };
  }

  const hold = holds.get(key);
  const held = hold?.armed ?? false;
  const ts = nextTs();
  const id = channelId(key);
  const recorded: RecordedSlackMessage = { channel: body.channel, channel_id: id, ts, text, blocks: blocks as unknown[] | undefined, body, received_at: new Date().toISOString(), held };
  messages.set(key, [...(messages.get(key) ?? []), recorded]);
  if (hold && held) {
    hold.armed = false;
    await new Promise<void>((resolve) => hold.waiting.push(resolve));
  }
  return {
    status: 200,
    json: {
      ok: true,
      channel: id,
      ts,
      message: { type: 'message', user: 'U0FAKEBOT1', bot_id: 'B0FAKEBOT1', app_id: 'A0FAKEAPP1', team: 'T0FAKETEAM', text: text ?? '', ts, ...(blocks ? { blocks } : {}) },
      ...charsetWarning(request),
    },
  };
}

function authTest(request: FakeRequest): FakeReply {
  const refused = authError(request);
  if (refused) return refused;
  return {
    status: 200,
    json: {
      ok: true,
      url: 'https://fake-workspace.slack.com/',
      team: 'Fake Workspace',
      user: 'agent-studio',
      team_id: 'T0FAKETEAM',
      user_id: 'U0FAKEBOT1',
      bot_id: 'B0FAKEBOT1',
      is_enterprise_install: false,
    },
  };
}

function controlChannel(request: FakeRequest): string | FakeReply {
  const channel = request.method === 'GET' ? request.query.get('channel') : (request.body as { channel?: unknown } | undefined)?.channel;
  if (typeof channel !== 'string' || !channel) return { status: 400, json: { fake_error: 'name the channel: ?channel=<c> or {"channel": "<c>"}' } };
  return channelKey(channel);
}

function holdOf(key: string): Hold {
  let hold = holds.get(key);
  if (!hold) holds.set(key, (hold = { armed: false, waiting: [] }));
  return hold;
}

export const slackRoutes: FakeRoute[] = [
  { method: 'POST', path: /^\/slack\/api\/chat\.postMessage$/, handle: postMessage },
  { method: 'POST', path: /^\/slack\/api\/auth\.test$/, handle: authTest },
  {
    method: 'GET',
    path: /^\/__control\/slack\/messages$/,
    handle(request) {
      const key = controlChannel(request);
      return typeof key === 'string' ? { status: 200, json: messages.get(key) ?? [] } : key;
    },
  },
  {
    method: 'POST',
    path: /^\/__control\/slack\/hold$/,
    handle(request) {
      const key = controlChannel(request);
      if (typeof key !== 'string') return key;
      holdOf(key).armed = true;
      return { status: 200, json: { channel: key, armed: true } };
    },
  },
  {
    method: 'GET',
    path: /^\/__control\/slack\/held$/,
    handle(request) {
      const key = controlChannel(request);
      if (typeof key !== 'string') return key;
      const hold = holdOf(key);
      return { status: 200, json: { channel: key, held: hold.waiting.length > 0, waiting: hold.waiting.length, armed: hold.armed } };
    },
  },
  {
    method: 'POST',
    path: /^\/__control\/slack\/release$/,
    handle(request) {
      const key = controlChannel(request);
      if (typeof key !== 'string') return key;
      const hold = holdOf(key);
      const waiting = hold.waiting.splice(0);
      hold.armed = false;
      for (const resolve of waiting) resolve();
      return { status: 200, json: { channel: key, released: waiting.length } };
    },
  },
  {
    method: 'POST',
    path: /^\/__control\/slack\/fail$/,
    handle(request) {
      const key = controlChannel(request);
      if (typeof key !== 'string') return key;
      const b = request.body as { status?: unknown; error?: unknown; retry_after?: unknown };
      const status = typeof b.status === 'number' ? b.status : 200;
      const error = typeof b.error === 'string' ? b.error : status === 429 ? 'ratelimited' : 'internal_error';
      const retry_after = typeof b.retry_after === 'number' ? b.retry_after : 30;
      const messages = Array.isArray((b as { messages?: unknown }).messages) ? ((b as { messages: unknown[] }).messages.filter((m) => typeof m === 'string') as string[]) : undefined;
      failures.set(key, { status, error, retry_after, ...(messages ? { messages } : {}) });
      return { status: 200, json: { channel: key, armed: true, status, error } };
    },
  },
];
