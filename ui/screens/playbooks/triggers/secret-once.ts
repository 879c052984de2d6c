// A webhook secret as the API issues it: in one response only (after adding a hook trigger or
// rotating its secret). Shown here until dismissed, with a plain warning that it will not come back.
import { html } from '../../../html';
import type { IssuedTriggerSecret } from '../../../api/types';
import { CopyButton } from '../../../components/copy-button';

function Value(props: { label: string; value: string; what: string }) {
  return html`<div class="secret-value">
    <dt>${props.label}</dt>
    <dd><code>${props.value}</code><${CopyButton} text=${props.value} what=${props.what} /></dd>
  </div>`;
}

export function SecretOnce(props: { issued: IssuedTriggerSecret; onDismiss: () => void }) {
  const s = props.issued;
  const origin = window.location.origin;
  return html`<div class="notice notice-amber secret-once" role="region" aria-label="New webhook secret">
    <strong>⚠ copy this secret now — it is shown once</strong>
    <span>The secret of <code>${s.key}</code> is stored encrypted and never shown again. Senders sign each delivery with it
      (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>). Lost it? Rotate a new one.</span>
    <dl class="secret-values">
      <${Value} label="secret" value=${s.secret} what="webhook secret" />
      <${Value} label="webhook url" value=${origin + s.webhook_path} what="webhook URL" />
      ${s.notification_path && html`<${Value} label="notification url" value=${origin + s.notification_path} what="notification URL" />`}
    </dl>
    ${s.notification_path && html`<span class="small">The notification URL carries its own secret token, for senders that cannot sign (Keboola job notifications): keep it as private as the secret.</span>`}
    <div><button type="button" class="btn" onClick=${props.onDismiss}>✓ I have stored it</button></div>
  </div>`;
}
