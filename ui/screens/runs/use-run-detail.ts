import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { RunDetail } from '../../api/types';

export type RunDetailState = {
  run: RunDetail | undefined;
  error: unknown;
  /** Re-reads the run soon; calls in a burst (a stream backlog) make one request. */
  refresh: () => void;
  /** Takes a fresher copy the API already returned (after an answer or a control). */
  set: (run: RunDetail) => void;
};

const THROTTLE_MS = 250;

export function useRunDetail(id: string): RunDetailState {
  const [run, setRun] = useState<RunDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const generation = useRef(0);
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(() => {
    timer.current = undefined;
    const mine = ++generation.current;
    api.run(id).then(
      (r) => {
        if (mine !== generation.current) return;
        setRun(r);
        setError(undefined);
      },
      (e: unknown) => mine === generation.current && setError(e),
    );
  }, [id]);

  useEffect(() => {
    setRun(undefined);
    setError(undefined);
    load();
    return () => {
      generation.current++;
      if (timer.current !== undefined) window.clearTimeout(timer.current);
    };
  }, [load]);

  const refresh = useCallback(() => {
    timer.current ??= window.setTimeout(load, THROTTLE_MS);
  }, [load]);
  const set = useCallback((r: RunDetail) => {
    generation.current++;
    setRun(r);
  }, []);
  return { run, error, refresh, set };
}
