// The approval modal's grid (ui.md screen 5): recipient, risk class, requester, body hash, reason,
// undo window — and, once decided, who decided when.
import { html } from '../../html';
import type { Approval } from '../../api/types';
import { dateTime, duration } from '../../lib/format';
import type { HashCheck } from '../../lib/body-hash';
import { riskTone, words } from '../../lib/risk';
import { Pill } from '../../components/pill';
import { HashMark } from './hash-mark';

/** `channel:#ar-collections` → `#ar-collections` with its kind. */
function Recipient(props: { approval: Approval }) {
  const { destination, connection, kind } = props.approval;
  if (kind === 'budget') return html`<span>this run's budget</span>`;
  if (!destination) return html`<span>${connection ? `via ${connection}` : '—'}</span>`;
  const at = destination.indexOf(':');
  const [what, where] = at > 0 ? [destination.slice(0, at), destination.slice(at + 1)] : ['', destination];
  return html`<span><strong>${where}</strong>${what && html` <span class="muted small">${what}</span>`}${connection && html` <span class="muted small">· via ${connection}</span>`}</span>`;
}

function undoText(approval: Approval, undoSeconds: number | undefined): string {
  if (approval.kind !== 'tool' || approval.risk !== 'external_send') return 'none (not an external send)';
  if (undoSeconds === undefined) return 'per the Playbook\'s approval policy';
  return undoSeconds > 0 ? `${duration(undoSeconds)} after approval, before anything is sent` : 'none (the Playbook sets 0 s)';
}

export function ApprovalFacts(props: { approval: Approval; check: HashCheck; undoSeconds: number | undefined }) {
  const a = props.approval;
  return html`<dl class="approval-facts">
    <div><dt>recipient</dt><dd><${Recipient} approval=${a} /></dd></div>
    <div><dt>risk class</dt><dd><${Pill} tone=${riskTone(a.risk)}>${words(a.risk)}<//> <span class="muted small">· ${a.tool_id}</span></dd></div>
    <div><dt>requester</dt><dd>${a.requested_for} <span class="muted small">· ${a.requested_by}</span></dd></div>
    <div class="approval-facts-two"><dt>body hash</dt><dd><${HashMark} hash=${a.body_hash} check=${props.check} /></dd></div>
    <div><dt>reason</dt><dd>${a.reason ?? '—'}</dd></div>
    <div><dt>undo window</dt><dd>${undoText(a, props.undoSeconds)}</dd></div>
    <div><dt>scope</dt><dd>${a.scope}${a.admin_only ? html` <${Pill} tone="red">admin only<//>` : ''}</dd></div>
    <div><dt>expires</dt><dd><time datetime=${a.expires_at}>${dateTime(a.expires_at)}</time></dd></div>
    ${a.decided_by &&
    html`<div class="approval-facts-wide"><dt>decided</dt><dd>${words(a.status)} by ${a.decided_by}${a.decided_at ? html` · <time datetime=${a.decided_at}>${dateTime(a.decided_at)}</time>` : ''}${a.comment ? html` · “${a.comment}”` : ''}</dd></div>`}
  </dl>`;
}
