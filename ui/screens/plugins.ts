// Plugins: data-only bundles by job family (default connections, skills, tools, recommended inputs).
import { html } from '../html';
import { api } from '../api/endpoints';
import type { Plugin } from '../api/types';
import { useAsync } from '../lib/use-async';
import { ChipList } from '../components/chips';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice, Loading } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';

function PluginCard(props: { plugin: Plugin }) {
  const p = props.plugin;
  return html`<li class="card card-stack">
    <div class="card-top"><span class="id-chip">${p.id}</span><${Pill}>${p.job_family}<//></div>
    <h2 class="card-title">${p.name}</h2>
    <p class="card-desc">${p.description}</p>
    <dl class="card-facts stacked" aria-label=${`${p.name} contents`}>
      <div><dt>connections</dt><dd><${ChipList} items=${p.connections} empty="none" /></dd></div>
      <div><dt>skills</dt><dd><${ChipList} items=${p.skills} empty="none" /></dd></div>
      <div><dt>tools</dt><dd><${ChipList} items=${p.tools} empty="none" /></dd></div>
      ${p.recommended_inputs.length > 0 &&
      html`<div><dt>inputs</dt><dd><${ChipList} items=${p.recommended_inputs.map((i) => i.name)} /></dd></div>`}
    </dl>
  </li>`;
}

export function Plugins() {
  const plugins = useAsync(() => api.plugins(), []);
  const list = plugins.data;
  return html`
    <${PageHeader} title="Plugins" eyebrow="resources" meta="Bundles of connections, skills and tools for a job family; Playbooks list the plugins they use." />
    ${plugins.error && html`<${ErrorNotice} error=${plugins.error} title="Could not load plugins" />`}
    ${plugins.loading && !list && html`<${Loading} what="plugins" />`}
    ${list && list.length === 0 && html`<${EmptyState} title="No plugins installed">Plugin manifests ship with the deployment.<//>`}
    ${list && list.length > 0 && html`<ul class="grid" aria-label="Plugins">${list.map((p) => html`<${PluginCard} key=${p.id} plugin=${p} />`)}</ul>`}
  `;
}
