// Submitting a run form (start, run again, retry, fork): busy while the request runs; on success
// the new run opens; on refusal the issues go to their fields and the first one is focused.
import { useState } from 'preact/hooks';
import type { InputSpec } from '../../api/types';
import { navigate } from '../../lib/router';
import { focusFirstInvalid, inputFailure, type InputFailure } from './input-failure';

export function useRunStart(specs: readonly InputSpec[], start: () => Promise<{ id: string }>, onRefused?: (error: unknown) => void) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<InputFailure | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      navigate(`/runs/${(await start()).id}`);
    } catch (error) {
      const names = specs.map((s) => s.name);
      const refused = inputFailure(error, new Set(names));
      setFailure(refused);
      setBusy(false);
      onRefused?.(error);
      focusFirstInvalid(names, refused);
    }
  };
  return { busy, failure, submit };
}
