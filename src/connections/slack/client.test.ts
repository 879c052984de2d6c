import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { failSlack, holdSlack, releaseSlack, slackHeld, slackMessages, uniqueChannel } from '../../../test/fakes/control';
import { SlackApiError, SlackClient } from './client';

// The real client against test/fakes/slack.ts, which answers in Slack's own shapes.

function slack(options: { token?: string; timeoutMs?: number; baseUrl?: string } = {}) {
  return new SlackClient({ token: options.token ?? env.SLACK_BOT_TOKEN!, baseUrl: options.baseUrl ?? env.SLACK_API_URL, timeoutMs: options.timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<SlackApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SlackApiError);
  return error as SlackApiError;
}

describe('SlackClient', () => {
  it('posts a message as JSON with a bearer token and returns the channel id and ts', async () => {
    const channel = uniqueChannel('post');
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hello*' } }];
    const posted = await slack().postMessage({ channel, text: 'Hello from the test', blocks });

    expect(posted.channel).toMatch(/^C[A-Z0-9]{8,}$/);
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    expect(posted.message).toMatchObject({ type: 'message', text: 'Hello from the test', ts: posted.ts });
    const [received, ...rest] = await slackMessages(channel);
    expect(rest).toEqual([]);
    expect(received!.body).toEqual({ channel, text: 'Hello from the test', blocks, unfurl_links: false });
    expect(received!.channel_id).toBe(posted.channel);
    expect(received!.ts).toBe(posted.ts);
  });

  it('checks a token with auth.test', async () => {
    expect(await slack().authTest()).toMatchObject({ team_id: expect.stringMatching(/^T/), user_id: expect.stringMatching(/^U/), bot_id: expect.stringMatching(/^B/) });
    const refused = await failure(slack({ token: 'xoxb-wrong' }).authTest());
    expect(refused).toMatchObject({ method: 'auth.test', slackError: 'invalid_auth', status: 200, retryable: false });
  });

  it('maps invalid_auth, sent with HTTP 200 as Slack does, and posts nothing', async () => {
    const channel = uniqueChannel('auth');
    const error = await failure(slack({ token: 'xoxb-not-the-right-one' }).postMessage({ channel, text: 'x' }));
    expect(error).toMatchObject({ name: 'SlackApiError', method: 'chat.postMessage', slackError: 'invalid_auth', status: 200, retryable: false });
    expect(error.message).toBe('Slack chat.postMessage refused: invalid_auth');
    expect(await slackMessages(channel)).toEqual([]);
  });

  it('maps channel_not_found and not_in_channel', async () => {
    const missing = await failure(slack().postMessage({ channel: `#no-such-${crypto.randomUUID().slice(0, 8)}`, text: 'x' }));
    expect(missing).toMatchObject({ slackError: 'channel_not_found', status: 200, retryable: false });
    const outside = await failure(slack().postMessage({ channel: `not-invited-${crypto.randomUUID().slice(0, 8)}`, text: 'x' }));
    expect(outside).toMatchObject({ slackError: 'not_in_channel', retryable: false });
  });

  it('marks a 429 retryable with its Retry-After, and never retries on its own', async () => {
    const channel = uniqueChannel('rate');
    await failSlack(channel, { status: 429, retry_after: 7 });
    const error = await failure(slack().postMessage({ channel, text: 'first' }));
    expect(error).toMatchObject({ slackError: 'ratelimited', status: 429, retryable: true, details: { retryAfterMs: 7000 } });
    expect(error.message).toContain('retry after 7 s');
    // The failure was one-shot and the client did not try again: nothing arrived until we post anew.
    expect(await slackMessages(channel)).toEqual([]);
    await slack().postMessage({ channel, text: 'second' });
    expect((await slackMessages(channel)).map((m) => m.text)).toEqual(['second']);
  });

  it('does not call a failed postMessage retryable: it may have been posted', async () => {
    const channel = uniqueChannel('internal');
    await failSlack(channel, { error: 'internal_error' });
    expect(await failure(slack().postMessage({ channel, text: 'x' }))).toMatchObject({ slackError: 'internal_error', status: 200, retryable: false });
    await failSlack(channel, { status: 503, error: 'service_unavailable' });
    expect(await failure(slack().postMessage({ channel, text: 'x' }))).toMatchObject({ slackError: 'service_unavailable', status: 503, retryable: false });
  });

  it('gives up after its timeout and says the outcome is unknown', async () => {
    const channel = uniqueChannel('slow');
    await holdSlack(channel);
    const error = await failure(slack({ timeoutMs: 300 }).postMessage({ channel, text: 'slow one' }));
    expect(error).toMatchObject({ slackError: 'timeout', status: undefined, retryable: false });
    expect(error.message).toMatch(/did not answer within 0.3 s. It may or may not have taken effect/);
    // Slack had the message: the fake recorded it on arrival and is still holding the answer.
    expect(await slackHeld(channel)).toBe(true);
    expect((await slackMessages(channel)).map((m) => [m.text, m.held])).toEqual([['slow one', true]]);
    expect(await releaseSlack(channel)).toBe(1);
    expect(await slackHeld(channel)).toBe(false);
  });

  it('reports an answer that is not Slack JSON', async () => {
    const error = await failure(slack({ baseUrl: `${env.FAKES_URL}/not-slack` }).postMessage({ channel: uniqueChannel('x'), text: 'x' }));
    expect(error).toMatchObject({ slackError: 'http_404', status: 404, retryable: false });
  });
});
