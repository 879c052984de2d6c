// Past Jobs: runs across the Playbooks you can see, newest first, with status and cost; the
// status filter lives in the URL (?status=) so a filtered list can be bookmarked.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { RunStatus } from '../../api/types';
import { navigate } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { cost } from '../../lib/format';
import { statusLabel } from '../../lib/run-status';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { RunsTable } from './runs-table';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'blocked', 'waiting_for_input', 'waiting_for_approval', 'reviewing', 'done', 'failed', 'cancelled'];

export function PastJobs(props: { query: URLSearchParams }) {
  const wanted = props.query.get('status');
  const status = STATUSES.find((s) => s === wanted);
  const data = useAsync(() => Promise.all([api.runs({ status }), api.playbooks()]), [status]);
  const [runs, playbooks] = data.data ?? [];
  const names = new Map((playbooks ?? []).map((p) => [p.id, p.name]));
  const total = runs?.reduce((sum, r) => sum + r.cost.usd, 0) ?? 0;

  const filter = html`<div class="field filter">
    <label class="label" for="status-filter">status</label>
    <select id="status-filter" class="input" value=${status ?? ''}
      onChange=${(e: Event) => {
        const value = (e.currentTarget as HTMLSelectElement).value;
        navigate(value ? `/runs?status=${value}` : '/runs', { replace: true });
      }}>
      <option value="">all statuses</option>
      ${STATUSES.map((s) => html`<option value=${s}>${statusLabel(s)}</option>`)}
    </select>
  </div>`;

  return html`
    <${PageHeader} title="Past Jobs" eyebrow="process automation"
      meta=${runs ? `${runs.length} ${runs.length === 1 ? 'run' : 'runs'}${status ? ` ${statusLabel(status)}` : ''} · ${cost(total)} spent` : undefined}
      actions=${filter} />
    ${data.error && html`<${ErrorNotice} error=${data.error} title="Could not load runs" />`}
    ${!runs && !data.error && html`<${Loading} what="runs" />`}
    ${runs && runs.length === 0 &&
    html`<${EmptyState} title=${status ? `No ${statusLabel(status)} runs` : 'No runs yet'}>Start one from a Playbook's page with “▶ run”.<//>`}
    ${runs && runs.length > 0 && html`<${RunsTable} runs=${runs} names=${names} label="Runs" />`}
  `;
}
