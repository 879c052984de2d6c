// A Playbook's runs at a glance (GET /runs?playbook_id=): the last run and `N runs · $X avg · tokens`
// on library cards, the recent jobs on the detail page.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { Run } from '../../api/types';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { ago, compact, cost, dateTime } from '../../lib/format';
import { StatusDot } from '../../components/pill';
import { Section } from '../../components/section';

export type RunStats = { count: number; avgUsd: number; avgTokens: number; last: Run | undefined };

export function runStats(runs: readonly Run[]): RunStats {
  const count = runs.length;
  const usd = runs.reduce((s, r) => s + r.cost.usd, 0);
  const tokens = runs.reduce((s, r) => s + r.cost.tokens, 0);
  return { count, avgUsd: count ? usd / count : 0, avgTokens: count ? tokens / count : 0, last: runs[0] };
}

export function useRuns(playbookId: string) {
  return useAsync(() => api.runs({ playbook_id: playbookId }), [playbookId]);
}

/** The card lines: last run with its status, and the totals. */
export function CardRunStats(props: { playbookId: string }) {
  const runs = useRuns(props.playbookId);
  if (runs.error) return html`<div><dt>runs</dt><dd class="muted">unavailable</dd></div>`;
  if (!runs.data) return html`<div><dt>runs</dt><dd class="muted">…</dd></div>`;
  const s = runStats(runs.data);
  if (s.count === 0) return html`<div><dt>last run</dt><dd class="muted">never run</dd></div>`;
  return html`<div><dt>last run</dt><dd class="card-run"><${StatusDot} status=${s.last!.status} />
      <time datetime=${s.last!.created_at} title=${dateTime(s.last!.created_at)}>${ago(s.last!.created_at)}</time></dd></div>
    <div><dt>runs</dt><dd class="run-totals">${s.count} ${s.count === 1 ? 'run' : 'runs'} · ${cost(s.avgUsd)} avg · ${compact(Math.round(s.avgTokens))} tokens</dd></div>`;
}

const RECENT = 5;

/** The detail page's side panel: the latest jobs, linked. */
export function RecentRuns(props: { playbookId: string }) {
  const runs = useRuns(props.playbookId);
  const list = runs.data;
  const s = list ? runStats(list) : undefined;
  return html`<${Section} label=${s ? `jobs · ${s.count}` : 'jobs'} id="section-jobs">
    ${runs.error && html`<p class="muted small">Runs are unavailable.</p>`}
    ${!list && !runs.error && html`<p class="muted small">…</p>`}
    ${s && s.count === 0 && html`<p class="muted small">Not run yet.</p>`}
    ${s && s.count > 0 &&
    html`<p class="small muted">${cost(s.avgUsd)} avg · ${compact(Math.round(s.avgTokens))} tokens avg</p>
      <ul class="recent-runs" aria-label="Recent jobs">
        ${list!.slice(0, RECENT).map(
          (r) => html`<li><${Link} href=${`/runs/${r.id}`}>Job #${r.number}<//> <${StatusDot} status=${r.status} />
            <span class="muted small">${ago(r.created_at)} · ${cost(r.cost.usd)}</span></li>`,
        )}
      </ul>
      ${s.count > RECENT && html`<${Link} href=${`/runs/${list![0]!.id}?tab=past`} class="small">all ${s.count} jobs →<//>`}`}
  <//>`;
}
