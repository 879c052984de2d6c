// Tools & Policies (ui.md screen 9): the Broker registry, the effective policy per risk class, and
// the runs whose audit logs can be opened. The tab lives in the URL (?tab=).
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { PolicyView, User } from '../../api/types';
import { Link, navigate } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { ago, dateTime } from '../../lib/format';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { StatusDot } from '../../components/pill';
import { TabPanel, Tabs } from '../../components/tabs';
import { PolicyTable } from './policy-table';
import { Registry } from './registry';

const TABS = [
  { id: 'registry', label: 'tool registry' },
  { id: 'policy', label: 'policy' },
  { id: 'audit', label: 'audit logs' },
];

function RegistryTab() {
  const tools = useAsync(() => api.tools(), []);
  if (tools.error) return html`<${ErrorNotice} error=${tools.error} title="Could not load the registry" />`;
  if (!tools.data) return html`<${Loading} what="tools" />`;
  return html`<${Registry} tools=${tools.data} />`;
}

function PolicyTab(props: { user: User }) {
  const policy = useAsync(() => api.policies(), []);
  if (policy.error) return html`<${ErrorNotice} error=${policy.error} title="Could not load the policy" />`;
  if (!policy.data) return html`<${Loading} what="policy" />`;
  // The saved view replaces the loaded one; a reload reads it back from the API.
  return html`<${PolicyTable} view=${policy.data} user=${props.user} onSaved=${(_: PolicyView) => policy.reload()} />`;
}

function AuditTab() {
  const data = useAsync(() => Promise.all([api.runs(), api.playbooks()]), []);
  if (data.error) return html`<${ErrorNotice} error=${data.error} title="Could not load runs" />`;
  if (!data.data) return html`<${Loading} what="runs" />`;
  const [runs, playbooks] = data.data;
  const names = new Map(playbooks.map((p) => [p.id, p.name]));
  if (runs.length === 0) return html`<p class="muted">No runs yet: a run's audit log starts with its first tool call.</p>`;
  return html`<p class="muted small count-line">Each run keeps its own hash-chained log; open one to see its entries and the chain verification.</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Runs with audit logs (scrollable)"><table class="table" aria-label="Runs with audit logs">
      <thead><tr><th scope="col">job</th><th scope="col">playbook</th><th scope="col">status</th><th scope="col">started</th><th scope="col">audit</th></tr></thead>
      <tbody>${runs.map(
        (r) => html`<tr key=${r.id}>
          <td><${Link} href=${`/runs/${r.id}`}>Job #${r.number}<//></td>
          <td>${names.get(r.playbook_id) ?? r.playbook_id}</td>
          <td><${StatusDot} status=${r.status} /></td>
          <td><time datetime=${r.created_at} title=${dateTime(r.created_at)}>${ago(r.created_at)}</time></td>
          <td><${Link} href=${`/runs/${r.id}/audit`} aria-label=${`audit log of Job #${r.number}`}>≡ audit log<//></td>
        </tr>`,
      )}</tbody>
    </table></div>`;
}

export function ToolsPolicies(props: { query: URLSearchParams; user: User }) {
  const wanted = props.query.get('tab');
  const tab = TABS.some((t) => t.id === wanted) ? wanted! : 'registry';
  return html`
    <${PageHeader} title="Tools & Policies" eyebrow="resources"
      meta="What the Tool Broker may call, how risky each tool is, and what the tenant policy does with each risk class." />
    <${Tabs} tabs=${TABS} selected=${tab} label="Tools & Policies"
      onSelect=${(id: string) => navigate(id === 'registry' ? '/tools' : `/tools?tab=${id}`, { replace: true })} />
    <${TabPanel} id=${tab}>
      ${tab === 'registry' && html`<${RegistryTab} />`}
      ${tab === 'policy' && html`<${PolicyTab} user=${props.user} />`}
      ${tab === 'audit' && html`<${AuditTab} />`}
    <//>
  `;
}
