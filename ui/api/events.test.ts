// The SSE client against a scripted fetch: a dropped connection is resumed with Last-Event-ID and
// nothing is delivered twice; `event: end` stops it; a 404 is final.
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { RunEvent } from './types';

type Streams = typeof import('./events');
let streamRunEvents: Streams['streamRunEvents'];

beforeAll(async () => {
  // The browser globals the module (and the session it reads the token from) expects.
  const store = new Map<string, string>([['agent-studio.token', 'tok_1']]);
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ id: 'dana' }), { status: 200 }));
  ({ streamRunEvents } = await import('./events'));
});

const frame = (seq: number) => `id: ${seq}\ndata: ${JSON.stringify({ seq, run_id: 'run_1', type: 'note', at: '2030-01-01T00:00:00Z', data: {} })}\n\n`;

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

function collect(runId: string) {
  const seqs: number[][] = [];
  const states: string[] = [];
  let resolveEnd: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnd = resolve));
  const stop = streamRunEvents(runId, {
    onEvents: (events: RunEvent[]) => seqs.push(events.map((e) => e.seq)),
    onState: (state) => {
      states.push(state);
      if (state === 'ended' || state === 'failed') resolveEnd();
    },
  });
  return { seqs, states, ended, stop };
}

describe('streamRunEvents', () => {
  test('resumes after a drop with Last-Event-ID and stops at the end event', async () => {
    const requests: Headers[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      requests.push(new Headers(init.headers));
      if (requests.length === 1) return new Response(body(['retry: 5\n\n', frame(1), frame(2).slice(0, 10), frame(2).slice(10)]), { status: 200 });
      // The server replays from Last-Event-ID; a repeat of 2 must not be delivered again.
      return new Response(body([frame(2), frame(3), 'event: end\ndata: {}\n\n']), { status: 200 });
    });
    const run = collect('run_1');
    await run.ended;
    expect(run.seqs.flat()).toEqual([1, 2, 3]);
    expect(run.states).toEqual(['connecting', 'live', 'reconnecting', 'live', 'ended']);
    expect(requests[0]!.get('authorization')).toBe('Bearer tok_1');
    expect(requests[0]!.get('last-event-id')).toBeNull();
    expect(requests[1]!.get('last-event-id')).toBe('2');
  });

  test('a 404 is final: no retry', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls++;
      return new Response('{"error":{"code":"not_found","message":"Run not found"}}', { status: 404 });
    });
    const run = collect('run_missing');
    await run.ended;
    expect(run.states).toEqual(['connecting', 'failed']);
    expect(calls).toBe(1);
  });

  test('stop() ends a stream that is waiting to reconnect', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls++;
      return new Response(body(['retry: 50\n\n', frame(1)]), { status: 200 });
    });
    const run = collect('run_2');
    await vi.waitFor(() => expect(run.states).toContain('reconnecting'));
    run.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toBe(1);
  });
});
