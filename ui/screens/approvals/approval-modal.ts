// The approval modal (ui.md screen 5): centred, with the risk pill, what will happen, where it comes
// from, a live TTL, what to know first (held, destructive, untrusted data), the outcome in the
// tool's own terms (issue 16; the raw payload and dry run one click away), the facts grid, any edit
// diff, and the decisions — or, once approved, the undo.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { Approval, RunDetail, User } from '../../api/types';
import { countdown, msUntil, useNow } from '../../lib/countdown';
import { riskTone, words } from '../../lib/risk';
import { useAsync } from '../../lib/use-async';
import { Modal } from '../../components/modal';
import { ErrorNotice } from '../../components/notice';
import { Pill } from '../../components/pill';
import { ApprovalFacts } from './approval-facts';
import { hasOutcomePreview, OutcomePreview } from './previews/outcome';
import { DestructiveNotice, HeldNotice, UntrustedSection } from './approval-notices';
import { BudgetRaise } from './budget-raise';
import { DiffView } from './diff-view';
import { EditArgs } from './edit-args';
import { useHashCheck } from './hash-mark';
import { shortHash } from '../../lib/body-hash';
import { sessionScope } from './session-scope';
import { undoState } from './undo-state';
import { useUndo } from './use-undo';

export type ApprovalModalProps = {
  approval: Approval;
  run: RunDetail;
  user: User;
  onClose: () => void;
  /** The API's answer to a decision; the run view takes it and re-reads the run. */
  onDecided: (approval: Approval) => void;
  /** An undo: the approval is pending again and the modal stays open on it. */
  onUndone: (approval: Approval) => void;
  /** A refused decision (409: decided elsewhere, expired, payload changed): the run view re-reads the run. */
  onRefused: () => void;
};

const json = (v: unknown) => JSON.stringify(v, null, 2);

function approveLabel(a: Approval): string {
  if (a.kind === 'budget') return '✓ approve raise';
  if (a.kind === 'batch') return '✓ approve batch';
  return a.risk === 'external_send' ? '✓ approve & send' : '✓ approve';
}

function Ttl(props: { approval: Approval }) {
  const pending = props.approval.status === 'pending';
  const now = useNow(1000, pending);
  if (!pending) return html`<${Pill} tone=${props.approval.status === 'rejected' || props.approval.status === 'refused' ? 'red' : 'neutral'}>${words(props.approval.status)}<//>`;
  const left = msUntil(props.approval.expires_at, now);
  return html`<span class=${left < 60_000 ? 'ttl ttl-low' : 'ttl'} role="timer" aria-label="time left to decide">◷ ${left > 0 ? `expires in ${countdown(left)}` : 'expired'}</span>`;
}

/** An approved call not yet committed: when it goes out, and its undo while that is still possible. */
function UndoFooter(props: { approval: Approval; onUndone: (approval: Approval) => void; onClose: () => void }) {
  const a = props.approval;
  const now = useNow(1000, !a.commit_held);
  const state = undoState(a, now);
  const { undo, busy, error } = useUndo(a, (next) => {
    props.onUndone(next);
    // The undo button goes away with the approval pending again: the comment box is the next decision's start.
    window.setTimeout(() => document.getElementById('approval-comment')?.focus(), 50);
  });
  return html`${error !== null && html`<${ErrorNotice} error=${error} title="Not undone" />`}
    <div class="row gap-s modal-actions">
      <span class="small">Approved${a.decided_by ? ` by ${a.decided_by}` : ''} · ${state.text}</span>
      <span class="spacer"></span>
      ${state.undoable && html`<button type="button" class="btn btn-amber" disabled=${busy} onClick=${undo}>${busy ? 'undoing…' : '↶ undo'}</button>`}
      <button type="button" class="btn" onClick=${props.onClose}>close</button>
    </div>`;
}

export function ApprovalModal(props: ApprovalModalProps) {
  const { approval: a, run } = props;
  const [mode, setMode] = useState<'review' | 'edit'>('review');
  const [armed, setArmed] = useState(false);
  const [comment, setComment] = useState('');
  const [forSession, setForSession] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const check = useHashCheck(a.payload, a.body_hash);
  const policy = useAsync(() => api.revision(run.playbook_id, run.revision).then((r) => r.spec.approval_policy), [run.playbook_id, run.revision]);
  const now = useNow(1000, a.status === 'pending');

  const pending = a.status === 'pending';
  const expired = msUntil(a.expires_at, now) <= 0;
  const adminBlocked = a.admin_only && props.user.role !== 'admin';
  const canApprove = pending && !expired && !busy && check !== 'mismatch' && !adminBlocked;
  const step = run.steps.find((s) => s.id === a.step_id);
  const args = (a.payload.args ?? {}) as Record<string, unknown>;
  const session = sessionScope(a, run.tainted);
  const preview = hasOutcomePreview(a);

  const decide = async (action: () => Promise<Approval>) => {
    setBusy(true);
    setError(null);
    try {
      props.onDecided(await action());
    } catch (e) {
      setError(e);
      setBusy(false);
      props.onRefused();
    }
  };
  const note = comment.trim() ? { comment: comment.trim() } : {};
  const approve = (edited?: Record<string, unknown>) =>
    decide(() => api.approve(a.id, { body_hash: a.body_hash, ...note, ...(edited ? { edited_args: edited } : {}), ...(forSession && session.offered ? { scope: 'session' as const } : {}) }));
  const reject = () => decide(() => api.reject(a.id, comment.trim() || undefined));

  return html`<${Modal} labelledBy="approval-title" describedBy="approval-where" onClose=${props.onClose} class="approval-modal" returnFocus="#review-approval">
    <div class="modal-frame">
      <header class="modal-head">
        <div class="row gap-s">
          <${Pill} tone=${riskTone(a.risk)}>⚑ ${words(a.risk)}<//>
          <span class="muted small">${a.kind === 'budget' ? 'budget approval' : a.kind === 'batch' ? 'batch approval' : 'approval'}</span>
          <span class="spacer"></span>
          <${Ttl} approval=${a} />
          <button type="button" class="btn btn-quiet" onClick=${props.onClose} aria-label="close">✕</button>
        </div>
        <h2 class="modal-title" id="approval-title">${a.title}</h2>
        <p class="muted small" id="approval-where">
          ${run.playbook_name} · Job #${run.number} · ${step ? `step ${step.index + 1} “${step.title}”` : a.step_id ? `step ${a.step_id}` : 'no step'}${a.call_id ? ` · ${a.call_id}` : ''}
        </p>
      </header>

      <div class="modal-body">
        ${mode === 'edit'
          ? html`<${EditArgs} original=${args} busy=${busy} error=${error} confirmLabel=${a.risk === 'external_send' ? '✓ approve edited & send' : '✓ approve edited'}
              onBack=${() => { setMode('review'); setError(null); }} onConfirm=${(edited: Record<string, unknown>) => approve(edited)} />`
          : html`
            <${HeldNotice} approval=${a} />
            <${DestructiveNotice} approval=${a} />
            ${a.untrusted_sources?.length ? html`<${UntrustedSection} sources=${a.untrusted_sources} />` : null}
            ${a.kind === 'budget' && html`<section class="section"><h3 class="label">budget raise</h3><${BudgetRaise} payload=${a.payload} budget=${run.budget} /></section>`}
            ${preview &&
            html`<section class="section" aria-label="Outcome">
              <h3 class="label">${pending || a.status === 'approved' ? 'what will happen' : a.status === 'committed' ? 'what happened' : 'what would have happened'}</h3>
              <${OutcomePreview} approval=${a} />
            </section>`}
            <${ApprovalFacts} approval=${a} check=${check} undoSeconds=${policy.data?.undo_window_seconds_for_external_send} />
            ${a.previous_hash && a.diff &&
            html`<section class="section">
              <h3 class="label">edited · was <code>${shortHash(a.previous_hash)}</code></h3>
              <${DiffView} diff=${a.diff} label="Changes since the previous payload" />
            </section>`}
            <details class="section raw-payload" open=${!preview}>
              <summary class="label">raw payload${a.dry_run_result !== undefined ? ' and dry run' : ''}${a.kind !== 'tool' ? '' : pending || a.status === 'approved' ? ' · exactly what will be sent' : a.status === 'committed' ? ' · what was sent' : ' · not sent'}</summary>
              <pre class="code code-payload" tabindex="0" aria-label="Payload"><code>${json(a.payload)}</code></pre>
              ${a.dry_run_result !== undefined &&
              html`<h3 class="label">dry run result</h3><pre class="code code-s" tabindex="0" aria-label="Dry run result">${json(a.dry_run_result)}</pre>`}
            </details>
            ${check === 'mismatch' && html`<p class="notice notice-red" role="alert">The payload shown does not hash to the body hash. Do not approve; reject it or reload the run.</p>`}
            ${adminBlocked && pending && html`<p class="notice notice-amber">This call is admin-risk: only an admin may approve it.</p>`}
            ${error !== null && html`<${ErrorNotice} error=${error} title="Not decided" />`}`}
      </div>

      ${mode === 'review' &&
      html`<footer class="modal-foot">
        ${pending
          ? html`
            <div class="field">
              <label class="label" for="approval-comment">comment · optional, recorded with your decision</label>
              <textarea id="approval-comment" class="input textarea" rows="1" value=${comment} maxlength="2000"
                onInput=${(e: Event) => setComment((e.currentTarget as HTMLTextAreaElement).value)}></textarea>
            </div>
            ${session.offered
              ? html`<label class="check small"><input type="checkbox" checked=${forSession} onChange=${(e: Event) => setForSession((e.currentTarget as HTMLInputElement).checked)} />
                  also allow later ${a.tool_id} calls to the same recipient in this run (session)</label>`
              : session.why && html`<p class="muted small session-why">${session.why}</p>`}
            <div class="row gap-s modal-actions">
              ${armed
                ? html`<button type="button" class="btn btn-red armed" disabled=${busy} onClick=${reject}>${busy ? 'rejecting…' : '✕ confirm reject'}</button>
                    <button type="button" class="btn btn-quiet" onClick=${() => setArmed(false)}>keep it</button>`
                : html`<button type="button" class="btn btn-red" disabled=${busy || expired} onClick=${() => setArmed(true)}>✕ reject</button>`}
              ${a.kind === 'tool' && html`<button type="button" class="btn" disabled=${!canApprove} onClick=${() => { setMode('edit'); setError(null); }}>✎ edit then approve</button>`}
              <span class="spacer"></span>
              <button type="button" class="btn btn-green" disabled=${!canApprove} onClick=${() => approve()}>${busy && !armed ? 'approving…' : approveLabel(a)}</button>
            </div>`
          : a.status === 'approved'
            ? html`<${UndoFooter} approval=${a} onUndone=${props.onUndone} onClose=${props.onClose} />`
            : html`<div class="row gap-s modal-actions"><span class="muted small">This approval is ${words(a.status)}; nothing is left to decide.</span><span class="spacer"></span>
              <button type="button" class="btn" onClick=${props.onClose}>close</button></div>`}
      </footer>`}
    </div>
  <//>`;
}
