// The effective policy per risk class with its default and floor (ui.md screen 9). An admin can
// change classes and save them with PATCH /policies; a class set below its floor gets the 422 inline.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { PolicyDecision, PolicyView, RiskClass, User } from '../../api/types';
import { DECISIONS, DECISION_HELP, RISKS, decisionTone, riskTone, words } from '../../lib/risk';
import { ErrorNotice } from '../../components/notice';
import { Pill } from '../../components/pill';

const STRICTNESS = new Map(DECISIONS.map((d, i) => [d, i]));
const DEFAULT = '';

type Drafts = Partial<Record<RiskClass, PolicyDecision | typeof DEFAULT>>;

function DecisionSelect(props: { risk: RiskClass; view: PolicyView; value: string; error?: string | undefined; onChange: (v: string) => void }) {
  const floor = props.view.floors[props.risk];
  const id = `policy-${props.risk}`;
  return html`<select id=${id} class="input" value=${props.value} aria-label=${`decision for ${words(props.risk)}`}
    aria-invalid=${props.error ? 'true' : undefined} aria-describedby=${props.error ? `${id}-error` : undefined}
    onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
    <option value=${DEFAULT}>default (${words(props.view.defaults[props.risk])})</option>
    ${DECISIONS.map((d) => {
      const below = floor !== undefined && STRICTNESS.get(d)! < STRICTNESS.get(floor)!;
      return html`<option value=${d}>${words(d)}${below ? ' (below floor)' : ''}</option>`;
    })}
  </select>`;
}

export function PolicyTable(props: { view: PolicyView; user: User; onSaved: (view: PolicyView) => void }) {
  const { view } = props;
  const admin = props.user.role === 'admin';
  const current = (r: RiskClass) => view.tenant_overrides[r] ?? DEFAULT;
  const [drafts, setDrafts] = useState<Drafts>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const changed = RISKS.filter((r) => drafts[r] !== undefined && drafts[r] !== current(r));
  const issues = error instanceof ApiError ? error.issues : [];
  const issueOf = (r: RiskClass) => issues.find((i) => i.path === `risk_policy.${r}`)?.message;

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const patch = Object.fromEntries(changed.map((r) => [r, drafts[r] === DEFAULT ? null : drafts[r]]));
      props.onSaved(await api.patchPolicies(patch));
      setDrafts({});
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="policy" onSubmit=${save}>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Policy per risk class (scrollable)">
      <table class="table policy-table" aria-label="Policy per risk class">
        <thead><tr>
          <th scope="col">risk class</th><th scope="col">effective decision</th><th scope="col">default</th><th scope="col">floor</th>
          <th scope="col">${admin ? 'tenant override' : 'override'}</th>
        </tr></thead>
        <tbody>
          ${RISKS.map((r) => {
            const issue = issueOf(r);
            const value = drafts[r] ?? current(r);
            return html`<tr key=${r} class=${issue ? 'row-invalid' : undefined}>
              <th scope="row"><${Pill} tone=${riskTone(r)}>${words(r)}<//></th>
              <td><${Pill} tone=${decisionTone(view.effective[r])}>${words(view.effective[r])}<//> <span class="muted small">${DECISION_HELP[view.effective[r]]}</span></td>
              <td class="muted">${words(view.defaults[r])}</td>
              <td>${view.floors[r] ? html`<span title="the loosest decision this class may have">≥ ${words(view.floors[r]!)}</span>` : html`<span class="muted">—</span>`}</td>
              <td class="policy-edit">
                ${admin
                  ? html`<${DecisionSelect} risk=${r} view=${view} value=${value} error=${issue} onChange=${(v: string) => setDrafts((d) => ({ ...d, [r]: v as PolicyDecision }))} />
                      ${issue && html`<p class="field-error" id=${`policy-${r}-error`}>${issue}</p>`}`
                  : view.tenant_overrides[r] ? words(view.tenant_overrides[r]!) : html`<span class="muted">none</span>`}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${error !== null && issues.length === 0 && html`<${ErrorNotice} error=${error} title="Policy not saved" />`}
    ${error !== null && issues.length > 0 && html`<p class="field-error" role="alert">Not saved: ${issues.map((i) => i.message).join('; ')}</p>`}
    <div class="row gap-s form-actions">
      ${admin
        ? html`<button type="submit" class="btn btn-green" disabled=${busy || changed.length === 0}>${busy ? 'saving…' : `✓ save policy${changed.length > 0 ? ` (${changed.length})` : ''}`}</button>
            <button type="button" class="btn" disabled=${busy || changed.length === 0} onClick=${() => { setDrafts({}); setError(null); }}>reset</button>
            <span class="muted small">A Playbook may tighten these for its own runs, never loosen them; floored classes cannot go below their floor.</span>`
        : html`<span class="muted small">Only an admin can change the tenant policy. A Playbook may tighten it for its own runs.</span>`}
    </div>
  </form>`;
}
