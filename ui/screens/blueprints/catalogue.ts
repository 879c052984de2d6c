// Blueprints catalogue (ui.md screen 2): category chips, search, card grid. The filter lives in
// the URL (?category=&q=) so it survives reloads and the back button.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { BlueprintCategory, BlueprintSummary } from '../../api/types';
import { CATEGORY_LABELS } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Pill } from '../../components/pill';

const CATEGORIES = Object.keys(CATEGORY_LABELS) as BlueprintCategory[];
const SEARCH_DELAY_MS = 250;

function asCategory(value: string | null): BlueprintCategory | undefined {
  return CATEGORIES.find((c) => c === value);
}

function urlFor(category: BlueprintCategory | undefined, q: string): string {
  const query = new URLSearchParams();
  if (category) query.set('category', category);
  if (q.trim()) query.set('q', q.trim());
  const qs = query.toString();
  return `/blueprints${qs ? `?${qs}` : ''}`;
}

function BlueprintCard(props: { blueprint: BlueprintSummary }) {
  const b = props.blueprint;
  return html`<li class="card card-link-wrap">
    <div class="card-top"><${Pill} tone="green">${CATEGORY_LABELS[b.category]}<//><${Readiness} readiness=${b.readiness} /></div>
    <h2 class="card-title"><${Link} href=${`/blueprints/${b.id}`} class="card-link">${b.name}<//></h2>
    <p class="card-desc clamp-3">${b.summary}</p>
    <ul class="chips" aria-label="systems">${b.systems.map((s) => html`<li class="chip-static">${s}</li>`)}</ul>
  </li>`;
}

/** Said on the card before anyone forks: not available (it names parts that do not exist here), or needs a model for some steps. */
export function Readiness(props: { readiness: BlueprintSummary['readiness'] }) {
  const r = props.readiness;
  if (!r.available) return html`<${Pill} tone="amber" title=${`Missing: ${[...r.missing_tools, ...r.missing_skills].join(', ')}`}>not available yet<//>`;
  if (!r.runs_without_model) return html`<${Pill} tone="neutral" title=${`Steps a model does: ${r.steps_needing_a_model.join(', ')}`}>needs a model<//>`;
  return null;
}

function CategoryChips(props: { category: BlueprintCategory | undefined; q: string }) {
  const chip = (value: BlueprintCategory | undefined, label: string) => {
    const pressed = props.category === value;
    return html`<button type="button" class="chip" aria-pressed=${pressed} onClick=${() => navigate(urlFor(value, props.q), { replace: true })}>${label}</button>`;
  };
  return html`<div class="chip-row" role="group" aria-label="Category">
    ${chip(undefined, 'All')}
    ${CATEGORIES.map((c) => chip(c, CATEGORY_LABELS[c]))}
  </div>`;
}

export function BlueprintsCatalogue(props: { query: URLSearchParams }) {
  const category = asCategory(props.query.get('category'));
  const q = props.query.get('q') ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = window.setTimeout(() => navigate(urlFor(category, search), { replace: true }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search]);

  const blueprints = useAsync(() => api.blueprints({ category, q: q || undefined }), [category, q]);
  const list = blueprints.data;
  return html`
    <${PageHeader}
      title="Blueprints"
      eyebrow="explore"
      meta="Ready-made Playbooks for common data problems. Open one to see its steps; fork it to make it yours."
    />
    <div class="toolbar">
      <${CategoryChips} category=${category} q=${q} />
      <div class="search">
        <label class="label" for="blueprint-search">search</label>
        <input
          id="blueprint-search"
          class="input"
          type="search"
          placeholder="name, problem, system…"
          value=${search}
          onInput=${(e: Event) => setSearch((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
    </div>
    ${blueprints.error && html`<${ErrorNotice} error=${blueprints.error} title="Could not load blueprints" />`}
    ${blueprints.loading && !list && html`<${Loading} what="blueprints" />`}
    ${list && list.length === 0 &&
    html`<${EmptyState} title="No blueprints match">
      ${category || q ? 'Try another category or search term.' : 'The catalogue is empty on this deployment.'}
    <//>`}
    ${list && list.length > 0 &&
    html`<p class="muted small count-line" role="status">${list.length} ${list.length === 1 ? 'blueprint' : 'blueprints'}</p>
      <ul class="grid" aria-label="Blueprints" aria-busy=${blueprints.loading}>${list.map((b) => html`<${BlueprintCard} key=${b.id} blueprint=${b} />`)}</ul>`}
  `;
}
