// A run's live events (GET /runs/{id}/events, SSE) read with fetch, because EventSource cannot
// send the bearer token. On a dropped connection it reconnects with Last-Event-ID, so each event
// arrives exactly once; `event: end` (the run ended and everything was sent) closes it for good.
import { ApiError, API_BASE } from './client';
import type { RunEvent } from './types';
import { SseParser } from '../lib/sse';
import { currentToken, sessionExpired } from '../lib/session';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

export type StreamHandlers = {
  onEvents: (events: RunEvent[]) => void;
  onState: (state: StreamState, error?: ApiError) => void;
};

const MAX_BACKOFF_MS = 15_000;

/** Starts streaming; the returned function stops it (and any pending reconnect). */
export function streamRunEvents(runId: string, handlers: StreamHandlers): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let lastSeq = 0;
  let retryMs = 2_000;
  let failures = 0;

  const sleep = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

  /** One connection: resolves true when the run ended, false when the connection dropped. */
  const connect = async (): Promise<boolean> => {
    controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const token = currentToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (lastSeq > 0) headers['last-event-id'] = String(lastSeq);
    const response = await fetch(`${API_BASE}/runs/${encodeURIComponent(runId)}/events`, { headers, signal: controller.signal });
    if (response.status === 401) sessionExpired();
    if (!response.ok || !response.body) {
      const error = new ApiError(response.status, `http_${response.status}`, `The event stream answered ${response.status}`);
      // A 4xx will not get better by retrying (not found, not allowed); a 5xx might.
      if (response.status >= 400 && response.status < 500) throw error;
      return false;
    }
    handlers.onState('live');
    failures = 0;
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      const batch: RunEvent[] = [];
      let ended = false;
      for (const message of parser.push(value)) {
        if (message.retry !== undefined) retryMs = message.retry;
        if (message.event === 'end') ended = true;
        if (message.event !== 'message' || !message.data) continue;
        const event = JSON.parse(message.data) as RunEvent;
        if (event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        batch.push(event);
      }
      if (batch.length > 0) handlers.onEvents(batch);
      if (ended) {
        void reader.cancel().catch(() => undefined);
        return true;
      }
    }
  };

  const run = async () => {
    handlers.onState('connecting');
    while (!stopped) {
      try {
        if (await connect()) {
          if (!stopped) handlers.onState('ended');
          return;
        }
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError) {
          handlers.onState('failed', error);
          return;
        }
      }
      if (stopped) return;
      failures += 1;
      handlers.onState('reconnecting');
      await sleep(Math.min(MAX_BACKOFF_MS, retryMs * 2 ** Math.min(failures - 1, 3)));
    }
  };
  void run();

  return () => {
    stopped = true;
    controller?.abort();
  };
}
