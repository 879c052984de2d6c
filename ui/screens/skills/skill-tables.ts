// The three tables the API parsed out of SKILL.md (spec §7): which tool for which task, the
// integrations the skill needs, and the values it keeps for the Playbook's next run.
import { html } from '../../html';
import type { SkillDetail } from '../../api/types';

function Empty(props: { heading: string }) {
  return html`<p class="muted small">No “${props.heading}” table in SKILL.md.</p>`;
}

export function SkillTables(props: { tables: SkillDetail['tables'] }) {
  const { tool_selection_guide: guide, integrations_required: integrations, context_persistence: context } = props.tables;
  return html`<div class="skill-tables">
    <h3 class="label">tool selection guide</h3>
    ${guide.length === 0 ? html`<${Empty} heading="Tool Selection Guide" />` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Tool selection guide (scrollable)"><table class="table" aria-label="Tool selection guide">
      <thead><tr><th scope="col">task</th><th scope="col">tools</th><th scope="col">notes</th></tr></thead>
      <tbody>${guide.map((row) => html`<tr>
        <td>${row.task}</td>
        <td>${row.tools.map((t) => html`<code class="tool-id">${t}</code> `)}</td>
        <td class="muted">${row.notes ?? ''}</td>
      </tr>`)}</tbody>
    </table></div>`}
    <h3 class="label">integrations required</h3>
    ${integrations.length === 0 ? html`<${Empty} heading="Integrations Required" />` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Integrations required (scrollable)"><table class="table" aria-label="Integrations required">
      <thead><tr><th scope="col">integration</th><th scope="col">purpose</th><th scope="col">required</th></tr></thead>
      <tbody>${integrations.map((row) => html`<tr>
        <td><code>${row.integration}</code></td><td>${row.purpose ?? ''}</td><td>${row.required ? 'yes' : html`<span class="muted">optional</span>`}</td>
      </tr>`)}</tbody>
    </table></div>`}
    <h3 class="label">context persistence</h3>
    ${context.length === 0 ? html`<${Empty} heading="Context Persistence" />` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Context persistence (scrollable)"><table class="table" aria-label="Context persistence">
      <thead><tr><th scope="col">key</th><th scope="col">kept for the next run</th></tr></thead>
      <tbody>${context.map((row) => html`<tr><td><code>${row.key}</code></td><td>${row.description}</td></tr>`)}</tbody>
    </table></div>`}
  </div>`;
}
