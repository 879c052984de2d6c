// The Broker registry (ui.md screen 9): every tool with its risk class, side effects, dry-run
// support, output trust and what the tenant policy does with it; search and counts by risk.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import type { ToolEntry } from '../../api/types';
import { RISKS, decisionTone, DECISION_HELP, riskTone, words } from '../../lib/risk';
import { Pill } from '../../components/pill';

function matches(tool: ToolEntry, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [tool.id, tool.provider, tool.description, tool.risk, ...tool.tags].some((s) => s.toLowerCase().includes(needle));
}

export function Registry(props: { tools: readonly ToolEntry[] }) {
  const [q, setQ] = useState('');
  const [risk, setRisk] = useState<string | null>(null);
  const searched = props.tools.filter((t) => matches(t, q));
  const shown = searched.filter((t) => risk === null || t.risk === risk);
  const counts = new Map(RISKS.map((r) => [r, searched.filter((t) => t.risk === r).length]));

  return html`<div class="registry">
    <div class="toolbar">
      <div class="chip-row" role="group" aria-label="Risk class">
        <button type="button" class="chip" aria-pressed=${risk === null} onClick=${() => setRisk(null)}>all · ${searched.length}</button>
        ${RISKS.map((r) => html`<button type="button" class="chip" aria-pressed=${risk === r} disabled=${counts.get(r) === 0 && risk !== r}
          onClick=${() => setRisk(risk === r ? null : r)}>${words(r)} · ${counts.get(r)}</button>`)}
      </div>
      <div class="search">
        <label class="label" for="tool-search">search tools</label>
        <input id="tool-search" class="input" type="search" placeholder="id, provider, description" value=${q} autocomplete="off"
          onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </div>
    </div>
    <p class="muted small count-line" role="status">${shown.length} of ${props.tools.length} tools</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Tool registry (scrollable)">
      <table class="table tools-table" aria-label="Tool registry">
        <thead><tr>
          <th scope="col">tool</th><th scope="col">provider</th><th scope="col">risk</th><th scope="col">side effects</th>
          <th scope="col">dry run</th><th scope="col">output</th><th scope="col">effective decision</th>
        </tr></thead>
        <tbody>
          ${shown.map(
            (t) => html`<tr key=${t.id}>
              <td class="tool-cell"><div class="tool-cell-body"><code class="tool-id">${t.id}</code><span class="muted small">${t.description}</span></div></td>
              <td>${t.provider}${t.auth_state !== 'available' ? html` <${Pill} tone="amber">${words(t.auth_state)}<//>` : ''}</td>
              <td><${Pill} tone=${riskTone(t.risk)}>${words(t.risk)}<//></td>
              <td>${t.side_effects ? 'yes' : html`<span class="muted">no</span>`}</td>
              <td>${t.supports_dry_run ? '✓ supported' : html`<span class="muted">—</span>`}</td>
              <td>${t.output_trust === 'untrusted' ? html`<${Pill} tone="amber">untrusted<//>` : html`<span class="muted">trusted</span>`}</td>
              <td><span title=${DECISION_HELP[t.default_decision]}><${Pill} tone=${decisionTone(t.default_decision)}>${words(t.default_decision)}<//></span></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${shown.length === 0 && html`<p class="muted small">No tool matches${q ? ` “${q}”` : ''}${risk ? ` in ${words(risk)}` : ''}.</p>`}
  </div>`;
}
