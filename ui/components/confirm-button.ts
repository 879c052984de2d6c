// A two-step destructive action: "✕ <verb>" arms, "✕ confirm <verb>" acts; Escape or "cancel"
// disarms. The error, if any, stays next to the control. `inRow`: the small form for table rows,
// where the first button names its row (many rows have the same button).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html';
import { ErrorNotice } from './notice';

export function ConfirmButton(props: { verb: string; what: string; busy: string; failed: string; action: () => Promise<void>; inRow?: boolean }) {
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (armed) confirm.current?.focus();
  }, [armed]);

  const act = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.action();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const size = props.inRow ? ' btn-xs' : '';
  if (!armed) {
    return html`<button type="button" class=${`btn btn-red${size}`} aria-label=${props.inRow ? `${props.verb} ${props.what}` : undefined} onClick=${() => setArmed(true)}>✕ ${props.verb}</button>`;
  }
  return html`<span class=${props.inRow ? 'confirm-group confirm-in-row' : 'confirm-group'} role="group" aria-label=${`${props.verb} ${props.what}?`} onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && setArmed(false)}>
    <button type="button" class=${`btn btn-red armed${size}`} ref=${confirm} disabled=${busy} onClick=${act}>${busy ? props.busy : `✕ confirm ${props.verb}`}</button>
    <button type="button" class=${props.inRow ? 'btn btn-quiet btn-xs' : 'btn'} onClick=${() => setArmed(false)}>cancel</button>
    ${error && html`<${ErrorNotice} error=${error} title=${props.failed} />`}
  </span>`;
}
