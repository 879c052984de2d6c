// "Job #N · Revision M", status dot and reason, budget badge, the run's time in three numbers, and
// the run controls (ui.md screen 4). The run it is given already follows the event stream (run-view.ts).
import { html } from '../../html';
import type { RunDetail } from '../../api/types';
import { Link } from '../../lib/router';
import { ago, dateTime } from '../../lib/format';
import { Pill, StatusDot } from '../../components/pill';
import { PageHeader } from '../../components/page-header';
import { BudgetBadge } from './budget-badge';
import { RunControls } from './run-controls';
import { RunTimesLine } from './run-times';

export function RunHeader(props: { run: RunDetail; onChanged: (run: RunDetail) => void }) {
  const { run } = props;
  const eyebrow = html`<${Link} href="/runs">past jobs<//> / <${Link} href=${`/playbooks/${run.playbook_id}`}>${run.playbook_name}<//>
    ${run.parent_run_id ? html` / child of <${Link} href=${`/runs/${run.parent_run_id}`}>parent run<//>` : ''}`;
  const meta = html`<span class="run-status"><${StatusDot} status=${run.status} />${run.status_reason && html`<span class="muted">· ${run.status_reason}</span>`}</span>
    ${run.paused && html`<${Pill} tone="amber">paused<//>`}
    <${BudgetBadge} budget=${run.budget} />
    <span>started <time datetime=${run.created_at} title=${dateTime(run.created_at)}>${ago(run.created_at)}</time> by ${run.created_by}</span>
    <${RunTimesLine} times=${run.cost} />`;
  return html`<${PageHeader}
    title=${`Job #${run.number} · Revision ${run.revision}`}
    eyebrow=${eyebrow}
    meta=${meta}
    actions=${html`<${RunControls} run=${run} onChanged=${props.onChanged} />`}
  />`;
}
