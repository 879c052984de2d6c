// Everything around the SOP: connections, skills, plugins, triggers, budget, approval policy, inputs.
import { html } from '../../html';
import type { PlaybookSpec, Trigger } from '../../api/types';
import { count, duration, usd } from '../../lib/format';
import { ChipList } from '../../components/chips';
import { Pill } from '../../components/pill';
import { Section } from '../../components/section';

/** Trigger types accepted in YAML but not built yet (spec §2 "Trigger"). */
const PLANNED = new Set(['slack.message', 'email.received', 'salesforce.record_changed', 'file.uploaded']);

function triggerDetail(trigger: Trigger): string {
  switch (trigger.type) {
    case 'cron':
      return `${trigger.expression} (${trigger.timezone})`;
    case 'keboola.job_finished':
      return `${trigger.component_id}${trigger.configuration_id ? ` / ${trigger.configuration_id}` : ''} · ${trigger.status}`;
    case 'keboola.table_updated':
      return `${trigger.table_id} · every ${duration(trigger.poll_seconds)}`;
    case 'http_webhook':
      return 'signed webhook (Standard Webhooks)';
    case 'manual':
      return 'run from the UI or the API';
    default:
      return '';
  }
}

function TriggerItem(props: { trigger: Trigger }) {
  const t = props.trigger;
  const planned = PLANNED.has(t.type);
  return html`<li class="trigger">
    <div class="row gap-s">
      <code>${t.type}</code>
      ${planned ? html`<${Pill} tone="amber">not available<//>` : !t.enabled ? html`<${Pill}>disabled<//>` : html`<${Pill} tone="green">enabled<//>`}
    </div>
    ${triggerDetail(t) && html`<div class="muted small">${triggerDetail(t)}</div>`}
  </li>`;
}

function Facts(props: { rows: [string, unknown][]; label: string }) {
  return html`<dl class="facts" aria-label=${props.label}>
    ${props.rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}
  </dl>`;
}

/** `triggers={false}` where the live Schedule & Triggers section shows them instead (the detail). */
export function PlaybookFacets(props: { spec: PlaybookSpec; triggers?: boolean }) {
  const { spec } = props;
  const { budget, approval_policy: approval } = spec;
  const overrides = Object.entries(spec.risk_policy ?? {});
  const toolPolicies = Object.entries(spec.tool_policies);
  return html`
    <${Section} label="connections"><${ChipList} items=${spec.connections} empty="no connections" label="connections" /><//>
    <${Section} label="skills"><${ChipList} items=${spec.skills} empty="no skills" label="skills" /><//>
    ${spec.plugins.length > 0 && html`<${Section} label="plugins"><${ChipList} items=${spec.plugins} label="plugins" /><//>`}
    ${props.triggers !== false &&
    html`<${Section} label="triggers">
      <ul class="plain-list">${spec.triggers.map((t) => html`<${TriggerItem} trigger=${t} />`)}</ul>
    <//>`}
    <${Section} label="budget">
      <${Facts}
        label="budget"
        rows=${[
          ['max cost', usd(budget.max_usd_per_run)],
          ['max tokens', count(budget.max_tokens_per_run)],
          ['wall clock', duration(budget.max_wall_clock_seconds)],
          ['on breach', budget.on_breach.replaceAll('_', ' ')],
        ]}
      />
    <//>
    <${Section} label="approval policy">
      <${Facts}
        label="approval policy"
        rows=${[
          ['approval ttl', duration(approval.default_ttl_seconds)],
          ['body hash for', approval.require_body_hash_for.join(', ') || 'none'],
          ['undo window', `${approval.undo_window_seconds_for_external_send} s (external send)`],
          ['approvers', approval.approver_groups.length > 0 ? approval.approver_groups.map((g) => `group:${g}`).join(', ') : 'owner or admin'],
          ...overrides.map(([risk, decision]): [string, unknown] => [`${risk} risk`, decision]),
          ...toolPolicies.map(([tool, decision]): [string, unknown] => [tool, decision]),
        ]}
      />
    <//>
    ${spec.inputs.length > 0 &&
    html`<${Section} label="inputs">
      <ul class="plain-list">
        ${spec.inputs.map(
          (input) => html`<li>
            <code>${input.name}</code> <span class="muted small">${input.type}${input.required ? ' · required' : ''}${input.locked ? ' · locked' : ''}</span>
            ${input.description && html`<div class="muted small">${input.description}</div>`}
          </li>`,
        )}
      </ul>
    <//>`}
  `;
}
