// An approval at a glance, for lists (the Activity Inbox): its risk class by effect, whether what it
// sends or writes carries untrusted data, and whether it is approved — held by a paused run, or
// waiting out its undo window.
import { html } from '../../html';
import type { Approval } from '../../api/types';
import { riskTone, words } from '../../lib/risk';
import { Pill } from '../../components/pill';
import { UntrustedMark } from '../../components/untrusted';
import { sourcesSummary } from '../../lib/untrusted-sources';
import { heldNotice } from './undo-state';

export function ApprovalSignals(props: { approval: Approval }) {
  const a = props.approval;
  return html`<span class="approval-signals">
    <${Pill} tone=${riskTone(a.risk)} title="risk class by what this call does">${words(a.risk)}<//>
    ${a.untrusted_sources?.length
      ? html`<span><${UntrustedMark} sources=${a.untrusted_sources} what="what it sends or writes" /> <span class="muted">carries data from ${sourcesSummary(a.untrusted_sources, 2).text}</span></span>`
      : null}
    ${a.commit_held
      ? html`<span class="held-note">❚❚ ${heldNotice(a)}</span>`
      : a.status === 'approved' && html`<${Pill} tone="green">✓ approved, not sent yet<//>`}
  </span>`;
}
