// Stream lines for the Broker's governance events (spec §6): approvals and their decisions, dry
// runs, budget updates and breaches, untrusted content entering the run, and sandbox sends.
import { html } from '../../html';
import type { RunEvent } from '../../api/types';
import { shortHash } from '../../lib/body-hash';
import { cost, count } from '../../lib/format';
import type { DiffEntry } from '../../lib/json-diff';
import { sourcesText } from '../../lib/untrusted-sources';

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const clock = (iso: unknown) => (typeof iso === 'string' ? new Date(iso).toLocaleTimeString('en-GB', { hour12: false }) : '');
const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

function Diff(props: { diff: unknown }) {
  if (!Array.isArray(props.diff) || props.diff.length === 0) return null;
  return html`<ul class="stream-diff" aria-label="Edited before approval">
    ${(props.diff as DiffEntry[]).map((d) => html`<li><code>${d.path}</code> <del>${short(d.before)}</del> → <ins>${short(d.after)}</ins></li>`)}
  </ul>`;
}

/** The icon and text of a governance event, or null when the event is not one. */
export function governanceLine(e: RunEvent, onOpenApproval: (id: string) => void, onOpenFile: (path: string) => void) {
  const d = e.data;
  const icon = (symbol: string, tone?: 'red' | 'green') => html`<span class=${tone ? `stream-icon icon-${tone}` : 'stream-icon'} aria-hidden="true">${symbol}</span>`;
  switch (e.type) {
    case 'approval_requested':
      return html`${icon('⚑')}<span class="stream-text">approval requested · <strong>${text(d.title)}</strong>${' '}<span class="muted small">· hash ${shortHash(text(d.body_hash))}</span>${' · '}<button type="button" class="link-button" onClick=${() => onOpenApproval(text(d.approval_id))}>review</button></span>`;
    case 'approval_approved':
      return html`${icon('✓', 'green')}<span class="stream-text">approved by ${text(d.by)}${d.undo_until ? html` <span class="muted small">· sends at ${clock(d.undo_until)} unless undone</span>` : ''}
        <${Diff} diff=${d.diff} /></span>`;
    case 'approval_undone':
      return html`${icon('↶')}<span class="stream-text">approval undone by ${text(d.by)}: nothing was sent; it is pending again</span>`;
    case 'approval_committed':
      return html`${icon('⇢', 'green')}<span class="stream-text">approval committed: the call runs</span>`;
    case 'approval_commit_held':
      return html`${icon('❚❚')}<span class="stream-text">approved call held · ${text(d.reason)}${' · '}<button type="button" class="link-button" onClick=${() => onOpenApproval(text(d.approval_id))}>review</button></span>`;
    case 'approval_rejected':
    case 'approval_expired':
    case 'approval_refused':
      return html`${icon('✕', 'red')}<span class="stream-text text-red">approval ${e.type.slice('approval_'.length)} · ${text(d.reason)}</span>`;
    case 'dry_run':
      return html`${icon('◌')}<span class="stream-text">dry run of <code>${text(d.tool_id)}</code> <span class="muted small">· ${short(d.result)}</span></span>`;
    case 'budget':
      return html`${icon('$')}<span class="stream-text muted small">budget · ${cost(num(d.spent_usd))} of ${cost(num(d.max_usd))} · ${count(num(d.spent_tokens))} of ${count(num(d.max_tokens))} tokens</span>`;
    case 'budget_breached':
      return html`${icon('$')}<span class="stream-text text-red">budget breached · ${text(d.reason)} <span class="small">· on breach: ${text(d.on_breach).replaceAll('_', ' ')}</span></span>`;
    case 'budget_raised': {
      const b = (d.budget ?? {}) as Record<string, unknown>;
      return html`${icon('$')}<span class="stream-text">budget raised by ${text(d.by)} · caps now ${cost(num(b.max_usd_per_run))} and ${count(num(b.max_tokens_per_run))} tokens</span>`;
    }
    case 'untrusted_content': {
      const sources = strings(d.sources);
      return html`${icon('⚠')}<span class="stream-text text-amber" title=${sources.join(', ')}>untrusted data entered the run: ${sourcesText(sources)} <span class="small">· ${text(d.note)}</span></span>`;
    }
    case 'sandbox_send':
      return html`${icon('✉', 'green')}<span class="stream-text" title=${text(d.message)}>sandbox send to <strong>${text(d.channel)}</strong>${' · '}<button type="button" class="link-button" onClick=${() => onOpenFile(text(d.path))}>${text(d.path)}</button>${' '}<span class="muted small">(Slack is not configured: nothing was posted)</span></span>`;
    default:
      return null;
  }
}
