// A retry's or fork's banner (issue 13): the run it came from (a link), the step it started at and,
// for a fork, that reads come from the parent's record and each write or send is held until a
// person approves it as new — with those writes listed as they stand.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { RunDetail, RunOrigin } from '../../api/types';
import { Link } from '../../lib/router';
import { heldWrites, originTitle, type HeldWrite } from '../../lib/run-origin';
import { useAsync } from '../../lib/use-async';
import { Pill } from '../../components/pill';

const TONE: Record<HeldWrite['state'], 'amber' | 'green' | 'neutral'> = { held: 'amber', 'approved as new': 'green', 'not written': 'neutral' };

function HeldWrites(props: { writes: HeldWrite[]; onOpen: (id: string) => void }) {
  if (props.writes.length === 0) return html`<span class="muted small">No write or send has been asked for yet.</span>`;
  return html`<ul class="held-writes" aria-label="Held writes">
    ${props.writes.map((w) => html`<li key=${w.id}>
      <${Pill} tone=${TONE[w.state]}>${w.state}<//>
      <span>${w.title}</span>
      ${w.state === 'held' && html`<button type="button" class="link-button" onClick=${() => props.onOpen(w.id)}>review</button>`}
    </li>`)}
  </ul>`;
}

function Banner(props: { run: RunDetail; origin: RunOrigin; onOpenApproval: (id: string) => void }) {
  const { run, origin } = props;
  const parent = useAsync(() => api.run(origin.run_id), [origin.run_id]);
  // The parent's number once read; its id if it cannot be read (deleted, or not visible to this user).
  const name = parent.data ? `Job #${parent.data.number}` : parent.error ? `run ${origin.run_id}` : 'the parent run';
  const step = run.steps[origin.from_step];
  const title = originTitle(origin);
  return html`<div class=${`banner banner-origin banner-origin-${origin.mode}`} role="region" aria-label=${origin.mode === 'fork' ? 'Fork' : 'Retry'}>
    <strong>${origin.mode === 'fork' ? '⎇' : '↻'} ${title.lead} <${Link} href=${`/runs/${origin.run_id}`}>${name}<//> ${title.step}</strong>
    ${step && html`<span class="muted">· ${step.title}</span>`}
    <span class="banner-origin-what">
      ${origin.mode === 'fork'
        ? `Steps before it are ${name}'s record and its reads are served from there; nothing is written or sent until a person approves it as new.`
        : `Steps before it are ${name}'s record; from this step on it runs for real.`}
    </span>
    ${origin.mode === 'fork' && html`<${HeldWrites} writes=${heldWrites(run)} onOpen=${props.onOpenApproval} />`}
  </div>`;
}

export function OriginBanner(props: { run: RunDetail; onOpenApproval: (id: string) => void }) {
  const { origin } = props.run;
  return origin ? html`<${Banner} key=${origin.run_id} run=${props.run} origin=${origin} onOpenApproval=${props.onOpenApproval} />` : null;
}
