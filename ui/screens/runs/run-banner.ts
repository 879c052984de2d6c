// The run view's status banners: waiting for an answer, blocked, failed (approvals have their own).
import { html } from '../../html';
import type { RunDetail } from '../../api/types';

export function RunBanner(props: { run: RunDetail }) {
  const { run } = props;
  if (run.status === 'waiting_for_input' && !run.paused) {
    const jump = () => document.querySelector<HTMLElement>('.question-card.pending input, .question-card.pending textarea')?.focus();
    return html`<div class="banner banner-amber" role="status"><strong>? The run is waiting for your answer.</strong>
      <button type="button" class="link-button" onClick=${jump}>go to the question</button></div>`;
  }
  if (run.status === 'blocked' && !run.paused) return html`<div class="banner banner-amber" role="status"><strong>Blocked:</strong> ${run.status_reason ?? 'the run cannot continue'}; resume once fixed.</div>`;
  if (run.status === 'failed') return html`<div class="banner banner-red" role="status"><strong>Failed:</strong> ${run.status_reason ?? 'see the event stream'}</div>`;
  return null;
}
