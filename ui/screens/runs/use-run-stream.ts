import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../../api/client';
import { streamRunEvents, type StreamState } from '../../api/events';
import type { RunEvent } from '../../api/types';

export type RunStream = { events: RunEvent[]; state: StreamState; error: ApiError | undefined };

/** The run's events so far and the connection state; bursts (the replayed backlog) render once. */
export function useRunStream(runId: string, onEvents?: (events: RunEvent[]) => void): RunStream {
  const [stream, setStream] = useState<RunStream>({ events: [], state: 'connecting', error: undefined });
  const listener = useRef(onEvents);
  listener.current = onEvents;
  useEffect(() => {
    setStream({ events: [], state: 'connecting', error: undefined });
    let pending: RunEvent[] = [];
    let timer: number | undefined;
    const flush = () => {
      if (timer !== undefined) window.clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      setStream((s) => ({ ...s, events: [...s.events, ...batch] }));
      listener.current?.(batch);
    };
    const stop = streamRunEvents(runId, {
      onEvents: (events) => {
        pending.push(...events);
        timer ??= window.setTimeout(flush, 60);
      },
      // Events received before a state change are shown with it ("complete" never precedes the last events).
      onState: (state, error) => {
        flush();
        setStream((s) => ({ ...s, state, error }));
      },
    });
    return () => {
      stop();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [runId]);
  return stream;
}
