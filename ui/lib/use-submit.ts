import { useState } from 'preact/hooks';

export type Submit = {
  busy: boolean;
  /** The last attempt's failure (an ApiError's 422 issues land on fields via issueFor); null after a success. */
  error: unknown;
  /** Runs `action` once: busy while it works, its failure kept in `error`. */
  run: (action: () => Promise<void>) => Promise<void>;
};

/** The busy/error bookkeeping every form's submit needs, so each form keeps only what it sends. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
