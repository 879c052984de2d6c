// Budget (hard per-run caps), approval policy and risk policy. Emptying a field removes it, so the API's default applies.
import { html } from '../../../html';
import { DECISIONS, RISKS } from '../../../lib/risk';
import { ListField, SelectField, TextField, numberOrText, valueText } from './fields';
import { setAt, type EditableSpec } from './spec-ops';

type Props = { spec: EditableSpec; onSpec: (spec: EditableSpec) => void };


export function BudgetForm(props: Props) {
  const b = props.spec.budget ?? {};
  const set = (key: string) => (v: string) => props.onSpec(setAt(props.spec, ['budget', key], numberOrText(v)));
  return html`<div class="se-grid" role="group" aria-label="budget">
    <${TextField} k="budget.max_usd_per_run" label="max USD per run" value=${valueText(b.max_usd_per_run)} onChange=${set('max_usd_per_run')} hint="default 5" />
    <${TextField} k="budget.max_tokens_per_run" label="max tokens per run" value=${valueText(b.max_tokens_per_run)} onChange=${set('max_tokens_per_run')} hint="default 1,000,000" />
    <${TextField} k="budget.max_wall_clock_seconds" label="max wall-clock seconds" value=${valueText(b.max_wall_clock_seconds)} onChange=${set('max_wall_clock_seconds')} hint="default 3600" />
    <${SelectField} k="budget.on_breach" label="on breach" value=${valueText(b.on_breach) || 'pause_for_approval'}
      options=${[{ value: 'pause_for_approval', label: 'pause for approval' }, { value: 'abort', label: 'abort' }]}
      onChange=${(v: string) => props.onSpec(setAt(props.spec, ['budget', 'on_breach'], v))} />
  </div>`;
}

export function ApprovalForm(props: Props) {
  const a = props.spec.approval_policy ?? {};
  const set = (key: string, value: unknown) => props.onSpec(setAt(props.spec, ['approval_policy', key], value));
  return html`<div class="se-grid" role="group" aria-label="approval policy">
    <${TextField} k="approval_policy.default_ttl_seconds" label="approval expires after (seconds)" value=${valueText(a.default_ttl_seconds)}
      onChange=${(v: string) => set('default_ttl_seconds', numberOrText(v))} hint="60 to 604800; default 3600" />
    <${TextField} k="approval_policy.undo_window_seconds_for_external_send" label="undo window for sends (seconds)"
      value=${valueText(a.undo_window_seconds_for_external_send)} onChange=${(v: string) => set('undo_window_seconds_for_external_send', numberOrText(v))} hint="0 to 300; default 5" />
    <${ListField} k="approval_policy.require_body_hash_for" label="approvers confirm the exact payload for" value=${a.require_body_hash_for}
      onChange=${(v?: string[]) => set('require_body_hash_for', v)} hint=${`comma-separated risk classes (${RISKS.join(', ')}); default external_send, destructive`} />
    <${ListField} k="approval_policy.approver_groups" label="approver groups" value=${a.approver_groups}
      onChange=${(v?: string[]) => set('approver_groups', v)} hint="comma-separated; empty: any editor or admin" />
  </div>`;
}

/** Per risk class, a decision stricter than the tenant's (the API refuses one looser than its floor); "tenant default" removes the override. */
export function RiskForm(props: Props) {
  const r = (props.spec.risk_policy ?? {}) as Record<string, unknown>;
  const options = [{ value: '', label: 'tenant default' }, ...DECISIONS.map((d) => ({ value: d, label: d.replace(/_/g, ' ') }))];
  return html`<div class="se-grid" role="group" aria-label="risk policy">
    ${RISKS.map((risk) => html`<${SelectField} key=${risk} k=${`risk_policy.${risk}`} label=${`${risk.replace('_', ' ')} calls`} value=${valueText(r[risk])}
      options=${options} onChange=${(v: string) => props.onSpec(setAt(props.spec, ['risk_policy', risk], v || undefined))} />`)}
  </div>`;
}
