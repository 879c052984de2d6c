import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { holdSlack, releaseSlack, slackHeld, slackMessages, uniqueChannel } from './control';

// The fake Slack's raw HTTP answers, as a client that gets the details wrong would see them.

function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${env.SLACK_BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' }) {
  return fetch(`${env.SLACK_API_URL}/chat.postMessage`, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('fake Slack', () => {
  it('refuses with HTTP 200 and {ok:false, error} like Slack', async () => {
    const channel = uniqueChannel('raw');
    const noAuth = await post({ channel, text: 'x' }, { 'content-type': 'application/json' });
    expect([noAuth.status, await noAuth.json()]).toEqual([200, { ok: false, error: 'not_authed' }]);
    expect(await (await post({ channel })).json()).toEqual({ ok: false, error: 'no_text' });
    expect(await (await post({ channel, text: 'x', blocks: [{ nope: 1 }] })).json()).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(await slackMessages(channel)).toEqual([]);
  });

  it('warns about a JSON body without a charset, as Slack does, and still posts', async () => {
    const channel = uniqueChannel('charset');
    const answer = await (await post({ channel, text: 'x' }, { authorization: `Bearer ${env.SLACK_BOT_TOKEN}`, 'content-type': 'application/json' })).json();
    expect(answer).toMatchObject({ ok: true, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
  });

  it('holds only the next post to a channel, "#name" and "name" being the same channel', async () => {
    const channel = uniqueChannel('hold');
    await holdSlack(channel);
    const first = post({ channel: channel.slice(1), text: 'held' });
    await expect.poll(() => slackHeld(channel)).toBe(true);
    expect(await (await post({ channel, text: 'not held' })).json()).toMatchObject({ ok: true });
    expect(await releaseSlack(channel)).toBe(1);
    expect(await (await first).json()).toMatchObject({ ok: true });
    expect((await slackMessages(channel)).map((m) => [m.text, m.held])).toEqual([['held', true], ['not held', false]]);
  });
});
