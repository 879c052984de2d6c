// Activity Inbox (ui.md screen 7): one line per pending question or approval across the runs you
// can see, oldest first; a question opens its run, an approval opens its run with the approval modal.
// An approval's line also says its risk by effect, whether it carries untrusted data, and whether
// it is approved but not sent yet (an approval stays in the inbox until its commit).
import { html } from '../html';
import { api } from '../api/endpoints';
import { Link } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { ago, dateTime } from '../lib/format';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice, Loading } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { plainText } from '../lib/plain-text';
import { ApprovalSignals } from './approvals/approval-signals';

export function ActivityInbox() {
  const data = useAsync(() => Promise.all([api.inbox(), api.playbooks(), api.runs(), api.approvals('pending'), api.approvals('approved')]), []);
  const [items, playbooks, runs, pending, approved] = data.data ?? [];
  const names = new Map((playbooks ?? []).map((p) => [p.id, p.name]));
  const numbers = new Map((runs ?? []).map((r) => [r.id, r.number]));
  const approvals = new Map([...(pending ?? []), ...(approved ?? [])].map((a) => [a.id, a]));
  return html`
    <${PageHeader} title="Activity Inbox" eyebrow="process automation"
      meta=${items ? `${items.length} pending` : undefined}
      actions=${html`<button type="button" class="btn" onClick=${data.reload}>↻ refresh</button>`} />
    ${data.error && html`<${ErrorNotice} error=${data.error} title="Could not load the inbox" />`}
    ${!items && !data.error && html`<${Loading} what="inbox" />`}
    ${items && items.length === 0 && html`<${EmptyState} title="Nothing waits for you">Questions and approvals from running Playbooks appear here.<//>`}
    ${items && items.length > 0 &&
    html`<ul class="inbox" aria-label="Pending items">
      ${items.map((item) => {
        const job = numbers.get(item.run_id);
        const approval = approvals.get(item.id);
        return html`<li key=${item.id} class="inbox-item card-link-wrap">
          <${Pill} tone="amber">${item.kind === 'question' ? '? question' : '⚑ approval'}<//>
          <${Link} href=${item.kind === 'approval' ? `/runs/${item.run_id}?approval=${encodeURIComponent(item.id)}` : `/runs/${item.run_id}`} class="card-link inbox-title">${plainText(item.title)}<//>
          <div class="inbox-where">
            <span class="muted small">${names.get(item.playbook_id) ?? item.playbook_id} · ${job ? `Job #${job}` : item.run_id}</span>
            ${approval && html`<${ApprovalSignals} approval=${approval} />`}
          </div>
          <time class="muted small" datetime=${item.created_at} title=${dateTime(item.created_at)}>${ago(item.created_at)}</time>
        </li>`;
      })}
    </ul>`}
  `;
}
