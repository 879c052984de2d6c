// A step's allowed tools, picked from the live registry (GET /tools) with each tool's risk class
// and the tenant's default decision for it, so an author sees what calling it will take.
import { html } from '../../../html';
import type { ToolEntry } from '../../../api/types';
import { Pill } from '../../../components/pill';
import { riskTone } from '../../../lib/risk';
import { fieldId } from './error-paths';
import { useFieldIssues } from './issues-context';
import { allowedBy } from './spec-ops';

export const toolLabel = (tool: ToolEntry) => `${tool.id} — ${tool.risk}${tool.default_decision === 'allow' ? '' : ` (${tool.default_decision.replace(/_/g, ' ')})`}`;

export function ToolPicker(props: { k: string; stepLabel: string; value: readonly string[]; tools: readonly ToolEntry[]; onChange: (ids: string[]) => void }) {
  const issues = useFieldIssues();
  const messages = issues.of(props.k);
  const id = fieldId(props.k);
  const byId = new Map(props.tools.map((t) => [t.id, t]));
  const offered = props.tools.filter((t) => !props.value.includes(t.id));
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
      ${offered.map((t) => html`<option value=${t.id} title=${t.description}>${toolLabel(t)}</option>`)}
    </select>
    ${messages.length > 0 && html`<span class="field-error" id=${`${id}-error`}>${messages.join('; ')}</span>`}
  </div>`;
}
