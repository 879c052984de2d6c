// Run view banners for approvals: a pinned one while an approval waits (opens the modal), and the
// amber undo banner with a live countdown while an approved external send waits out its undo window
// (or, while the run is paused, says the call is held and keeps its undo).
import { html } from '../../html';
import type { Approval } from '../../api/types';
import { countdown, msUntil, useNow } from '../../lib/countdown';
import { ErrorNotice } from '../../components/notice';
import { heldNotice, undoState } from './undo-state';
import { useUndo } from './use-undo';

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

function ApprovedLine(props: { approval: Approval; onChanged: (a: Approval) => void }) {
  const a = props.approval;
  const now = useNow(250, !a.commit_held);
  const state = undoState(a, now);
  const { undo, busy, error } = useUndo(a, (next) => {
    props.onChanged(next);
    // The undo button goes away; the pending banner's review button is where the decision is now.
    window.setTimeout(() => document.getElementById('review-approval')?.focus(), 50);
  });
  return html`<div class="banner banner-amber banner-pinned banner-undo" role="region" aria-label=${a.undo_until ? 'Undo approval' : 'Held approval'}>
    <strong>✓ Approved${a.decided_by ? ` by ${a.decided_by}` : ''}:</strong>
    <span>${a.title}</span>
    ${state.held
      ? html`<span class="held-note" role="status">❚❚ ${heldNotice(a)}</span>`
      : html`<span class="ttl" role="timer" aria-label="time left to undo">${state.text}</span>`}
    <span class="spacer"></span>
    ${state.undoable && html`<button type="button" class="btn btn-amber" disabled=${busy} onClick=${undo}>${busy ? 'undoing…' : '↶ undo'}</button>`}
    ${state.left !== null && html`<span class="undo-bar" aria-hidden="true"><span style=${{ width: `${state.left * 100}%` }}></span></span>`}
    ${error !== null && html`<div class="banner-error"><${ErrorNotice} error=${error} title="Not undone" /></div>`}
  </div>`;
}

/**
 * One line per approved call not yet committed: inside its undo window (or just past it, until the
 * commit shows), or held because the run is paused.
 */
export function UndoBanners(props: { approvals: readonly Approval[]; onChanged: (a: Approval) => void }) {
  const waiting = props.approvals.filter((a) => a.status === 'approved' && (a.undo_until || a.commit_held));
  return html`${waiting.map((a) => html`<${ApprovedLine} key=${a.id} approval=${a} onChanged=${props.onChanged} />`)}`;
}
