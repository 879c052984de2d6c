/**
 * A small Slack Web API client: chat.postMessage and auth.test over JSON with a bearer token
 * (https://docs.slack.dev/apis/web-api). Slack answers most refusals with HTTP 200 and
 * `{ok:false, error:"<code>"}`, and rate limits with HTTP 429 plus Retry-After.
 *
 * No automatic retries: a postMessage that timed out or hit a server error may already be in the
 * channel, and a repeat would post it twice (spec §4: side effects are never repeated blindly).
 * `retryable` tells the caller whether trying again later is safe, not that it will happen.
 */

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api';
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

export type SlackClientOptions = { token: string; baseUrl?: string; timeoutMs?: number; fetch?: typeof fetch };

/** A Block Kit block; Slack validates the rest (invalid_blocks). */
export type SlackBlock = { type: string; [field: string]: unknown };
export type PostMessageRequest = { channel: string; text: string; blocks?: SlackBlock[] };
/** `channel` is the channel id Slack resolved the name to; `ts` identifies the message. */
export type PostedMessage = { channel: string; ts: string; message?: Record<string, unknown> };
export type SlackIdentity = { url: string; team: string; team_id: string; user: string; user_id: string; bot_id?: string };

export class SlackApiError extends Error {
  override name = 'SlackApiError';
  constructor(
    message: string,
    readonly method: string,
    /** Slack's error code ("channel_not_found", "ratelimited", …) or ours ("timeout", "request_failed", "http_502"). */
    readonly slackError: string,
    /** HTTP status, or undefined when no answer came back. */
    readonly status: number | undefined,
    /** True only when Slack certainly did nothing and a later attempt may succeed. */
    readonly retryable: boolean,
    readonly details: { retryAfterMs?: number; needed?: string; messages?: string[] } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Slack's own transient codes; for non-idempotent methods they may still have half-happened.
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable']);

export class SlackClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SlackClientOptions) {
    this.baseUrl = (options.baseUrl || DEFAULT_SLACK_API_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS;
    // Bound so a Worker's global fetch is not called with the client as `this`.
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async postMessage(request: PostMessageRequest): Promise<PostedMessage> {
    // unfurl_links off: a digest with links should not grow previews the approver never saw.
    const body = { channel: request.channel, text: request.text, ...(request.blocks ? { blocks: request.blocks } : {}), unfurl_links: false };
    const answer = await this.call('chat.postMessage', body, false);
    return {
      channel: typeof answer.channel === 'string' ? answer.channel : request.channel,
      ts: String(answer.ts ?? ''),
      ...(answer.message && typeof answer.message === 'object' ? { message: answer.message as Record<string, unknown> } : {}),
    };
  }

  /** Checks the token and says whose it is. */
  async authTest(): Promise<SlackIdentity> {
    const answer = await this.call('auth.test', {}, true);
    const text = (key: string) => (typeof answer[key] === 'string' ? (answer[key] as string) : '');
    return {
      url: text('url'),
      team: text('team'),
      team_id: text('team_id'),
      user: text('user'),
      user_id: text('user_id'),
      ...(typeof answer.bot_id === 'string' ? { bot_id: answer.bot_id } : {}),
    };
  }

  /** One POST; `idempotent` says whether an unknown outcome may be retried. */
  private async call(method: string, body: Record<string, unknown>, idempotent: boolean): Promise<Record<string, unknown>> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const maybeDone = idempotent ? '' : ' It may or may not have taken effect: check Slack before trying again.';
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.baseUrl}/${method}`, {
        method: 'POST',
        // Slack warns (missing_charset) about JSON bodies without a charset.
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: deadline,
      });
      text = await response.text();
    } catch (cause) {
      if (deadline.aborted) {
        throw new SlackApiError(`Slack ${method} did not answer within ${this.timeoutMs / 1000} s.${maybeDone}`, method, 'timeout', undefined, idempotent, {}, { cause });
      }
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new SlackApiError(`Could not reach Slack at ${this.baseUrl} (${reason}); check SLACK_API_URL.${maybeDone}`, method, 'request_failed', undefined, idempotent, {}, { cause });
    }
    const answer = parseObject(text);
    if (response.status === 429 || answer?.error === 'ratelimited') {
      const retryAfterMs = retryAfter(response.headers);
      const wait = retryAfterMs === undefined ? '' : `; retry after ${Math.ceil(retryAfterMs / 1000)} s`;
      // A rate-limited call was refused before Slack acted on it, so it is safe to try later.
      throw new SlackApiError(`Slack is rate limiting ${method}${wait}.`, method, 'ratelimited', response.status, true, retryAfterMs === undefined ? {} : { retryAfterMs });
    }
    if (!answer || typeof answer.ok !== 'boolean') {
      const status = response.status;
      throw new SlackApiError(`Slack ${method} answered HTTP ${status} without a Slack response: ${text.slice(0, 200)}.${maybeDone}`, method, `http_${status}`, status, idempotent && status >= 500);
    }
    if (answer.ok) return answer;
    const code = typeof answer.error === 'string' ? answer.error : 'unknown_error';
    const needed = typeof answer.needed === 'string' ? { needed: answer.needed } : {};
    // Slack explains many refusals in response_metadata.messages; keep them for the person debugging.
    const metadata = answer.response_metadata as { messages?: unknown } | undefined;
    const messages = Array.isArray(metadata?.messages) ? metadata.messages.filter((m): m is string => typeof m === 'string') : [];
    throw new SlackApiError(`Slack ${method} refused: ${code}`, method, code, response.status, idempotent && TRANSIENT.has(code), { ...needed, ...(messages.length ? { messages } : {}) });
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Slack sends Retry-After in seconds. */
function retryAfter(headers: Headers): number | undefined {
  const seconds = Number(headers.get('retry-after'));
  return headers.has('retry-after') && Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}
