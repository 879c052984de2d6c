// Two-step destructive action for admin tables: "✕ revoke" arms, "✕ confirm revoke" acts; Escape or
// "cancel" disarms. The error, if any, stays next to the row it belongs to.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html';
import { ErrorNotice } from '../../components/notice';

export function ConfirmButton(props: { verb: string; what: string; action: () => Promise<void> }) {
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

  if (!armed) {
    return html`<button type="button" class="btn btn-red btn-xs" aria-label=${`${props.verb} ${props.what}`} onClick=${() => setArmed(true)}>✕ ${props.verb}</button>`;
  }
  return html`<span class="admin-confirm" role="group" aria-label=${`${props.verb} ${props.what}?`} onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && setArmed(false)}>
    <button type="button" class="btn btn-red btn-xs armed" ref=${confirm} disabled=${busy} onClick=${act}>${busy ? `${props.verb}ing…` : `✕ confirm ${props.verb}`}</button>
    <button type="button" class="btn btn-quiet btn-xs" onClick=${() => setArmed(false)}>cancel</button>
    ${error && html`<${ErrorNotice} error=${error} title=${`Could not ${props.verb}`} />`}
  </span>`;
}

/** A form field's first API complaint (422 `details.issues`), if the API named it. */
export function issueFor(error: unknown, field: string): string | undefined {
  const issues = (error as { issues?: { path: string; message: string }[] } | null)?.issues ?? [];
  return issues.find((i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`))?.message;
}
