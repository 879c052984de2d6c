// One trigger of the Playbook (GET /playbooks/{id}/triggers): type and what it listens to, the
// enabled switch (owner or admin), cron's next fire (in the trigger's own zone, named), a webhook's
// URL, rotating its secret.
import { useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import type { IssuedTriggerSecret, TriggerStatus } from '../../../api/types';
import { Link } from '../../../lib/router';
import { ago, dateTime, duration } from '../../../lib/format';
import { checkCron, zonedTime } from '../../../lib/cron-reading';
import { CopyButton } from '../../../components/copy-button';
import { ErrorNotice } from '../../../components/notice';
import { Pill } from '../../../components/pill';

const HOOK_TYPES = ['http_webhook', 'keboola.job_finished'];
const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function what(t: TriggerStatus): string {
  const c = t.config;
  switch (c.type) {
    case 'cron':
      return `${c.expression} · ${checkCron(c.expression, c.timezone).reading ?? c.timezone}`;
    case 'http_webhook':
      return 'signed webhook (Standard Webhooks)';
    case 'keboola.job_finished':
      return `job of ${c.component_id}${c.configuration_id ? ` / ${c.configuration_id}` : ''} finished · ${c.status}`;
    case 'keboola.table_updated':
      return `${c.table_id} imported · checked every ${duration(c.poll_seconds)}`;
    case 'manual':
      return 'run from the UI or the API';
    default:
      return '';
  }
}

function When(props: { iso: string }) {
  return html`<time datetime=${props.iso} title=${dateTime(props.iso)}>${ago(props.iso)}</time>`;
}

function Toggle(props: { trigger: TriggerStatus; playbookId: string; onChanged: (t: TriggerStatus) => void; onError: (e: unknown) => void }) {
  const t = props.trigger;
  const [busy, setBusy] = useState(false);
  const flip = async () => {
    setBusy(true);
    try {
      props.onChanged(await api.setTriggerEnabled(props.playbookId, t.id, !t.enabled));
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<label class="switch">
    <input type="checkbox" role="switch" checked=${t.enabled} disabled=${busy} onChange=${flip} aria-label=${`${t.key} enabled`} />
    <span>${t.enabled ? 'enabled' : 'disabled'}</span>
  </label>`;
}

function Rotate(props: { trigger: TriggerStatus; playbookId: string; onIssued: (s: IssuedTriggerSecret) => void; onError: (e: unknown) => void }) {
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    try {
      props.onIssued(await api.rotateTriggerSecret(props.playbookId, props.trigger.id));
      setArmed(false);
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!armed) return html`<button type="button" class="btn btn-quiet btn-xs" onClick=${() => setArmed(true)}>⟳ rotate secret</button>`;
  return html`<span class="rotate-confirm" role="group" aria-label="Confirm rotation">
    <span class="small">${props.trigger.has_secret ? 'The current secret stops working at once.' : 'Issue a secret?'}</span>
    <button type="button" class="btn btn-red btn-xs" disabled=${busy} onClick=${rotate}>${busy ? 'rotating…' : '⟳ rotate now'}</button>
    <button type="button" class="btn btn-quiet btn-xs" onClick=${() => setArmed(false)}>cancel</button>
  </span>`;
}

export function TriggerItem(props: {
  trigger: TriggerStatus;
  playbookId: string;
  canEdit: boolean;
  onChanged: (t: TriggerStatus) => void;
  onIssued: (s: IssuedTriggerSecret) => void;
}) {
  const t = props.trigger;
  const [error, setError] = useState<unknown>(null);
  const planned = !t.available && !HOOK_TYPES.includes(t.type);
  return html`<li class="trigger-item" aria-label=${`trigger ${t.key}`}>
    <div class="trigger-head">
      <code class="trigger-type">${t.type}</code>
      <span class="muted small">${t.key}</span>
      <span class="spacer"></span>
      ${planned
        ? html`<${Pill} tone="amber">not available<//>`
        : props.canEdit
          ? html`<${Toggle} trigger=${t} playbookId=${props.playbookId} onChanged=${props.onChanged} onError=${setError} />`
          : html`<${Pill} tone=${t.enabled ? 'green' : 'neutral'}>${t.enabled ? 'enabled' : 'disabled'}<//>`}
    </div>
    ${what(t) && html`<div class="small">${what(t)}</div>`}
    <dl class="facts trigger-facts">
      ${t.next_fire_at && html`<div><dt>${t.type === 'cron' ? 'next fire' : 'next check'}</dt><dd class="trigger-next">${zonedTime(t.next_fire_at, t.config.type === 'cron' ? t.config.timezone : LOCAL_ZONE)} (${ago(t.next_fire_at)})</dd></div>`}
      ${t.webhook_url && html`<div><dt>webhook url</dt><dd class="url-line"><code>${t.webhook_url}</code><${CopyButton} text=${t.webhook_url} what=${`webhook URL of ${t.key}`} /></dd></div>`}
      ${HOOK_TYPES.includes(t.type) && html`<div><dt>secret</dt><dd>
        ${t.has_secret ? html`set ${t.secret_created_at ? html`<${When} iso=${t.secret_created_at} />` : ''}` : html`<span class="muted">none</span>`}
        ${props.canEdit && html` <${Rotate} trigger=${t} playbookId=${props.playbookId} onIssued=${props.onIssued} onError=${setError} />`}
      </dd></div>`}
      ${t.last_fired_at && html`<div><dt>last fired</dt><dd><${When} iso=${t.last_fired_at} />${t.last_run_id && html` · <${Link} href=${`/runs/${t.last_run_id}`}>open run<//>`}</dd></div>`}
      ${t.enabled !== t.enabled_in_playbook && html`<div><dt>override</dt><dd class="muted">${t.enabled ? 'enabled here' : 'disabled here'}; the Playbook says ${t.enabled_in_playbook ? 'enabled' : 'disabled'}</dd></div>`}
    </dl>
    ${t.reason && html`<p class="muted small">${t.reason}</p>`}
    ${t.last_error && html`<p class="small trigger-error">last error: ${t.last_error}</p>`}
    ${error && html`<${ErrorNotice} error=${error} title="Not changed" />`}
  </li>`;
}
