// Two-step delete: "delete" arms, "confirm delete" calls DELETE; Escape or "cancel" disarms.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { navigate } from '../../lib/router';
import { ErrorNotice } from '../../components/notice';

export function DeleteControl(props: { id: string; name: string }) {
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (armed) confirmButton.current?.focus();
  }, [armed]);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deletePlaybook(props.id);
      navigate('/playbooks');
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  if (!armed) return html`<button type="button" class="btn btn-red" onClick=${() => setArmed(true)}>✕ delete</button>`;
  return html`<div class="delete-confirm" role="group" aria-label=${`Delete ${props.name}?`} onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && setArmed(false)}>
    <button type="button" class="btn btn-red armed" ref=${confirmButton} disabled=${busy} onClick=${remove}>${busy ? 'deleting…' : '✕ confirm delete'}</button>
    <button type="button" class="btn" onClick=${() => setArmed(false)}>cancel</button>
    ${error && html`<${ErrorNotice} error=${error} title="Not deleted" />`}
  </div>`;
}
