// The approval modal's grid (ui.md screen 5): recipient, risk class (by effect), requester, body
// hash, undo window, reason, the workspace files whose content the approval binds — and, once
// decided, who decided when.
import { html } from '../../html';
import type { Approval } from '../../api/types';
import { dateTime, duration } from '../../lib/format';
import type { HashCheck } from '../../lib/body-hash';
import { riskTone, words } from '../../lib/risk';
import { readableReason } from '../../lib/untrusted-sources';
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

/** `payload.files` ({path: etag}): the call reads these files, and a rewritten one refuses the commit. */
function boundFiles(payload: Record<string, unknown>): [string, string][] {
  const files = payload.files;
  if (!files || typeof files !== 'object') return [];
  return Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** An R2 etag is quoted hex: `"9b2c…"` → `9b2c41d0…`; the title keeps it whole. */
function shortEtag(etag: string): string {
  const bare = etag.replaceAll('"', '');
  return bare.length > 10 ? `${bare.slice(0, 8)}…` : bare;
}

function BoundFiles(props: { files: [string, string][] }) {
  return html`<div class="approval-facts-wide"><dt>content bound</dt><dd><ul class="bound-files">
    ${props.files.map(
      ([path, etag]) => html`<li key=${path}>Binds the content of <code>${path}</code>${' '}
        <span class="muted" title=${`etag ${etag}`}>${etag === 'missing' ? '(the file does not exist)' : `(etag ${shortEtag(etag)})`}</span></li>`,
    )}
  </ul></dd></div>`;
}

export function ApprovalFacts(props: { approval: Approval; check: HashCheck; undoSeconds: number | undefined }) {
  const a = props.approval;
  const files = boundFiles(a.payload);
  return html`<dl class="approval-facts">
    <div><dt>recipient</dt><dd><${Recipient} approval=${a} /></dd></div>
    <div><dt>risk class · by effect</dt><dd><${Pill} tone=${riskTone(a.risk)}>${words(a.risk)}<//> <span class="muted small">· ${a.tool_id}</span></dd></div>
    <div><dt>requester</dt><dd>${a.requested_for} <span class="muted small">· ${a.requested_by}</span></dd></div>
    <div class="approval-facts-two"><dt>body hash</dt><dd><${HashMark} hash=${a.body_hash} check=${props.check} /></dd></div>
    <div><dt>undo window</dt><dd>${undoText(a, props.undoSeconds)}</dd></div>
    <div><dt>scope</dt><dd>${a.scope}${a.admin_only ? html` <${Pill} tone="red">admin only<//>` : ''}</dd></div>
    <div class="approval-facts-two"><dt>expires</dt><dd><time datetime=${a.expires_at}>${dateTime(a.expires_at)}</time></dd></div>
    <div class="approval-facts-wide"><dt>reason</dt><dd>${a.reason ? readableReason(a.reason, a.untrusted_sources ?? []) : '—'}</dd></div>
    ${files.length > 0 && html`<${BoundFiles} files=${files} />`}
    ${a.decided_by &&
    html`<div class="approval-facts-wide"><dt>decided</dt><dd>${words(a.status)} by ${a.decided_by}${a.decided_at ? html` · <time datetime=${a.decided_at}>${dateTime(a.decided_at)}</time>` : ''}${a.comment ? html` · “${a.comment}”` : ''}</dd></div>`}
  </dl>`;
}
