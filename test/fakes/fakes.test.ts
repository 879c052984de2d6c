import { describe, expect, it } from 'vitest';
import { fakesUrl, recordedRequests, scriptModel } from './control';

// The test network itself: the fakes are reachable from the Worker, nothing else is.

describe('network-edge fakes', () => {
  it('are reachable from inside workerd while any other host is refused', async () => {
    const fake = await fetch(`${fakesUrl()}/no/such/fake`);
    expect(fake.status).toBe(404);
    expect(await fake.json()).toEqual({ fake_error: 'no fake serves GET /no/such/fake' });

    const outside = await fetch('https://api.anthropic.com/v1/messages', { method: 'POST', body: '{}' });
    expect(outside.status).toBe(599);
  });

  it('keeps scenarios apart and records what each one received', async () => {
    const a = await scriptModel([{ text: 'from a' }]);
    const b = await scriptModel([{ text: 'from b' }]);
    const ask = (model: string) =>
      fetch(`${fakesUrl()}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await ask(b.model('gpt-4o'))).status).toBe(401);
    expect(await a.requests()).toEqual([]);
    expect((await recordedRequests(b.name)).map((r) => (r.body as any).model)).toEqual([b.model('gpt-4o')]);

    const unscripted = await ask('gpt-4o');
    expect(unscripted.status).toBe(400);
    expect(((await unscripted.json()) as any).error.message).toContain('names no uploaded scenario');
  });
});
