// Runs as a table (the Past Jobs screen and the run view's Past Jobs tab). "ran" is the API's wall
// clock (waits for people excluded), the header's first number, never end minus start; shown once
// the run has ended, since the list's copy of a live run's times is as of its last status change.
import { html } from '../../html';
import type { Run } from '../../api/types';
import { Link } from '../../lib/router';
import { ago, compact, cost, dateTime, timeSpan } from '../../lib/format';
import { StatusDot } from '../../components/pill';

export function RunsTable(props: { runs: readonly Run[]; names?: ReadonlyMap<string, string>; current?: string; label: string }) {
  const showPlaybook = props.names !== undefined;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${`${props.label} (scrollable)`}>
    <table class="table runs-table" aria-label=${props.label}>
      <thead>
        <tr>
          <th scope="col">job</th>
          ${showPlaybook && html`<th scope="col">playbook</th>`}
          <th scope="col">status</th>
          <th scope="col">started</th>
          <th scope="col">ran</th>
          <th scope="col" class="num">cost</th>
          <th scope="col" class="num">tokens</th>
          <th scope="col">by</th>
        </tr>
      </thead>
      <tbody>
        ${props.runs.map(
          (r) => html`<tr key=${r.id} class=${r.id === props.current ? 'current' : undefined} aria-current=${r.id === props.current ? 'true' : undefined}>
            <td><${Link} href=${`/runs/${r.id}`}>Job #${r.number}<//> <span class="muted small">r${r.revision}</span>${r.parent_run_id ? html` <span class="muted small">· child</span>` : ''}</td>
            ${showPlaybook && html`<td><${Link} href=${`/playbooks/${r.playbook_id}`}>${props.names?.get(r.playbook_id) ?? r.playbook_id}<//></td>`}
            <td><${StatusDot} status=${r.status} /></td>
            <td><time datetime=${r.created_at} title=${dateTime(r.created_at)}>${ago(r.created_at)}</time></td>
            <td title=${r.ended_at ? `waited for people ${timeSpan(r.cost.waiting_seconds)}` : undefined}>${r.ended_at ? timeSpan(r.cost.wall_clock_seconds) : html`<span class="muted">—</span>`}</td>
            <td class="num">${cost(r.cost.usd)}</td>
            <td class="num">${compact(r.cost.tokens)}</td>
            <td>${r.created_by}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
