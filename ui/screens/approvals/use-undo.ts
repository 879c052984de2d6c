import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { Approval } from '../../api/types';

export type Undo = { undo: () => Promise<void>; busy: boolean; error: unknown };

/** Undoes an approval (POST /approvals/{id}/undo); a refusal (409: the window passed) is kept to show. */
export function useUndo(approval: Approval, onUndone: (next: Approval) => void): Undo {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      onUndone(await api.undoApproval(approval.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { undo, busy, error };
}
