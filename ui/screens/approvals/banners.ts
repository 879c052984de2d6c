// Run view banners for approvals: a pinned one while an approval waits (opens the modal), and the
// amber undo banner with a live countdown while an approved external send waits out its undo window.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { Approval } from '../../api/types';
import { countdown, msUntil, useNow } from '../../lib/countdown';
import { ErrorNotice } from '../../components/notice';

export function PendingApprovalBanner(props: { approvals: readonly Approval[]; onOpen: (id: string) => void }) {
  const pending = props.approvals.filter((a) => a.status === 'pending');
  const now = useNow(1000, pending.length > 0);
  const first = pending[0];
  if (!first) return null;
  const left = msUntil(first.expires_at, now);
  return html`<div class="banner banner-amber banner-pinned" role="region" aria-label="Pending approval">
    <strong>⚑ Approval needed:</strong>
    <span>${first.title}</span>
    <span class="ttl" role="timer" aria-label="time left to decide">◷ ${left > 0 ? `expires in ${countdown(left)}` : 'expired'}</span>
    ${pending.length > 1 && html`<span class="muted small">and ${pending.length - 1} more</span>`}
    <span class="spacer"></span>
    <button type="button" class="btn btn-amber" id="review-approval" onClick=${() => props.onOpen(first.id)}>⚑ review approval</button>
  </div>`;
}

function UndoLine(props: { approval: Approval; onChanged: (a: Approval) => void }) {
  const a = props.approval;
  const now = useNow(250);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const left = msUntil(a.undo_until!, now);
  const total = a.decided_at ? msUntil(a.undo_until!, new Date(a.decided_at).getTime()) : 5000;
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await api.undoApproval(a.id));
      // The undo button goes away; the pending banner's review button is where the decision is now.
      window.setTimeout(() => document.getElementById('review-approval')?.focus(), 50);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="banner banner-amber banner-pinned banner-undo" role="region" aria-label="Undo approval">
    <strong>✓ Approved${a.decided_by ? ` by ${a.decided_by}` : ''}:</strong>
    <span>${a.title}</span>
    <span class="ttl" role="timer" aria-label="time left to undo">${left > 0 ? `sending in ${countdown(left)}` : 'sending…'}</span>
    <span class="spacer"></span>
    ${left > 0 && html`<button type="button" class="btn btn-amber" disabled=${busy} onClick=${undo}>${busy ? 'undoing…' : '↶ undo'}</button>`}
    <span class="undo-bar" aria-hidden="true"><span style=${{ width: `${Math.max(0, Math.min(100, (left / Math.max(total, 1)) * 100))}%` }}></span></span>
    ${error !== null && html`<div class="banner-error"><${ErrorNotice} error=${error} title="Not undone" /></div>`}
  </div>`;
}

/** One line per approval still inside its undo window (or just past it, until the commit shows). */
export function UndoBanners(props: { approvals: readonly Approval[]; onChanged: (a: Approval) => void }) {
  const waiting = props.approvals.filter((a) => a.status === 'approved' && a.undo_until);
  return html`${waiting.map((a) => html`<${UndoLine} key=${a.id} approval=${a} onChanged=${props.onChanged} />`)}`;
}
