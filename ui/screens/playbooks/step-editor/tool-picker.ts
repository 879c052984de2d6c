// A step's allowed tools, picked from the live registry (GET /tools) with each tool's risk class
// and the tenant's default decision for it, so an author sees what calling it will take; or a
// pattern such as `skill.variance-detector.*` that allows a whole namespace (the Broker's rule, allowedBy).
import { html } from '../../../html';
import type { ToolEntry } from '../../../api/types';
import { Pill } from '../../../components/pill';
import { riskTone } from '../../../lib/risk';
import { fieldId } from './error-paths';
import { useFieldIssues } from './issues-context';
import { allowedBy } from './spec-ops';

export const toolLabel = (tool: ToolEntry) => `${tool.id} — ${tool.risk}${tool.default_decision === 'allow' ? '' : ` (${tool.default_decision.replace(/_/g, ' ')})`}`;

/** `skill.variance-detector.*` for every namespace holding more than one tool: one entry that allows a skill's (or a connector's) whole set. */
export function toolPatterns(tools: readonly ToolEntry[]): { pattern: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of tools) {
    const cut = t.id.lastIndexOf('.');
    if (cut > 0) counts.set(`${t.id.slice(0, cut + 1)}*`, (counts.get(`${t.id.slice(0, cut + 1)}*`) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([pattern, count]) => ({ pattern, count })).sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function ToolPicker(props: { k: string; stepLabel: string; value: readonly string[]; tools: readonly ToolEntry[]; onChange: (ids: string[]) => void }) {
  const issues = useFieldIssues();
  const messages = issues.of(props.k);
  const id = fieldId(props.k);
  const byId = new Map(props.tools.map((t) => [t.id, t]));
  const offered = props.tools.filter((t) => !props.value.includes(t.id));
  const patterns = toolPatterns(props.tools).filter((p) => !props.value.includes(p.pattern));
  const change = (ids: string[]) => {
    issues.edited(props.k);
    props.onChange(ids);
  };
  return html`<div class=${messages.length ? 'field field-invalid' : 'field'} data-field=${props.k}>
    <label class="label" for=${id}>allowed tools</label>
    <ul class="se-tools" aria-label=${`allowed tools of ${props.stepLabel}`}>
      ${props.value.length === 0 && html`<li class="muted small">none: the step may call no tool</li>`}
      ${props.value.map((toolId) => {
        const tool = byId.get(toolId);
        const matched = toolId.endsWith('*') ? props.tools.filter((t) => allowedBy([toolId], t.id)) : [];
        return html`<li class="se-tool" key=${toolId}>
          <code>${toolId}</code>
          ${tool ? html`<${Pill} tone=${riskTone(tool.risk)} title=${`risk class; tenant default: ${tool.default_decision}`}>${tool.risk}<//>`
            : matched.length > 0 ? html`<${Pill} title=${matched.map((t) => `${t.id} (${t.risk})`).join(', ')}>pattern · ${matched.length} tools<//>`
            : html`<${Pill} tone="red" title="no such tool in this registry">not in registry<//>`}
          <button type="button" class="btn btn-xs" aria-label=${`remove ${toolId}`} onClick=${() => change(props.value.filter((t) => t !== toolId))}>✕</button>
        </li>`;
      })}
    </ul>
    <select id=${id} class="input" aria-invalid=${messages.length ? 'true' : undefined} aria-describedby=${messages.length ? `${id}-error` : undefined}
      onChange=${(e: Event) => {
        const select = e.currentTarget as HTMLSelectElement;
        if (select.value) change([...props.value, select.value]);
        select.value = '';
      }}>
      <option value="">+ allow a tool…</option>
      <optgroup label="tools">${offered.map((t) => html`<option value=${t.id} title=${t.description}>${toolLabel(t)}</option>`)}</optgroup>
      <optgroup label="patterns">${patterns.map((p) => html`<option value=${p.pattern}>${p.pattern} — every tool it prefixes (${p.count})</option>`)}</optgroup>
    </select>
    ${messages.length > 0 && html`<span class="field-error" id=${`${id}-error`}>${messages.join('; ')}</span>`}
  </div>`;
}
