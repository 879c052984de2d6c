// The run view's side column: the SOP as it stands, the run's inputs, its child runs.
import { html } from '../../html';
import type { RunDetail } from '../../api/types';
import { Link } from '../../lib/router';
import { Section } from '../../components/section';
import { RunSop } from './run-sop';

function show(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function RunSide(props: { run: RunDetail }) {
  const { run } = props;
  const inputs = Object.entries(run.inputs);
  return html`<aside class="run-side" aria-label="Run progress">
    <${RunSop} run=${run} />
    ${run.objective_override && html`<${Section} label="objective (override)"><p class="small">${run.objective_override}</p><//>`}
    <${Section} label=${`inputs · ${inputs.length}`} id="section-run-inputs">
      ${inputs.length === 0
        ? html`<p class="muted small">none</p>`
        : html`<dl class="facts">${inputs.map(([k, v]) => html`<div><dt>${k}</dt><dd>${show(v)}</dd></div>`)}</dl>`}
    <//>
    ${run.child_run_ids.length > 0 &&
    html`<${Section} label=${`child runs · ${run.child_run_ids.length}`} id="section-child-runs">
      <ul class="plain-list">${run.child_run_ids.map((id) => html`<li><${Link} href=${`/runs/${id}`}>↳ ${id}<//></li>`)}</ul>
    <//>`}
  </aside>`;
}
