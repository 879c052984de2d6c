// Vault (issue 16, admin only): secret names and metadata, add / replace / delete. A value goes in
// and never comes back: the API returns none, and this screen clears its field once stored.
// Slack setup lives here too: the bot token is the vault secret `slack_bot_token`, and the Slack
// connection's state (GET /connections) follows it.
import { html } from '../../html';
import { adminApi } from '../../api/admin';
import { api } from '../../api/endpoints';
import type { VaultEntry } from '../../api/types';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { ago, dateTime } from '../../lib/format';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Section } from '../../components/section';
import { AuthPill } from '../connections/connection-card';
import { ConfirmButton } from '../../components/confirm-button';
import { KeboolaSetup } from './keboola-setup';
import { SecretForm } from './secret-form';

/** The vault name src/connections/discovery.ts reads for the direct Slack connection. */
export const SLACK_SECRET = 'slack_bot_token';

function SlackSetup(props: { secrets: VaultEntry[] | undefined; onChanged: () => void }) {
  const connections = useAsync(() => api.connections(), [props.secrets]);
  const slack = connections.data?.direct.find((c) => c.id === 'slack');
  const entry = props.secrets?.find((s) => s.name === SLACK_SECRET);
  return html`<div class="card admin-slack" aria-label="Slack setup">
    <div class="card-top">
      <h3 class="card-title">Slack</h3>
      ${slack ? html`<${AuthPill} state=${slack.auth_state} />` : connections.error ? html`<span class="muted small">state unknown</span>` : null}
    </div>
    <p class="card-desc">
      The bot token (<code>xoxb-…</code>) <code>slack.send_message</code> posts with, stored as <code>${SLACK_SECRET}</code>.
      ${entry ? html` Stored ${ago(entry.updated_at)} by ${entry.created_by}; store again to replace it.` : ' Until it is stored, sends go to the run\'s outbox/ instead of Slack.'}
      ${' '}<${Link} href="/connections">see connections →<//>
    </p>
    <${SecretForm} name=${SLACK_SECRET} label="Slack bot token" placeholder="xoxb-…" onStored=${props.onChanged} />
  </div>`;
}

export function AdminVault() {
  const secrets = useAsync(() => adminApi.secrets(), []);
  return html`
    <${PageHeader} title="Vault" eyebrow="admin"
      meta=${html`Secrets tools use as <code>${'{{vault:<name>}}'}</code>. Values are encrypted and never shown again — not here, not by the API.`} />
    <${Section} label="slack">
      <${SlackSetup} secrets=${secrets.data} onChanged=${secrets.reload} />
    <//>
    <${Section} label="keboola">
      <${KeboolaSetup} secrets=${secrets.data} onChanged=${secrets.reload} />
    <//>
    <${Section} label="add or replace a secret">
      <div class="card"><${SecretForm} label="Store a secret" onStored=${secrets.reload} /></div>
    <//>
    <${Section} label="secrets">
      ${secrets.error && html`<${ErrorNotice} error=${secrets.error} title="Could not load the vault" />`}
      ${!secrets.data && !secrets.error && html`<${Loading} what="secrets" />`}
      ${secrets.data &&
      (secrets.data.length === 0
        ? html`<p class="muted">The vault is empty.</p>`
        : html`<div class="table-wrap"><table class="table" aria-label="Secrets">
            <thead><tr><th scope="col">name</th><th scope="col">value</th><th scope="col">stored by</th><th scope="col">created</th><th scope="col">updated</th><th scope="col"><span class="visually-hidden">delete</span></th></tr></thead>
            <tbody>${secrets.data.map(
              (s) => html`<tr key=${s.name}>
                <td><code>${s.name}</code></td>
                <td><span class="muted" aria-label="value hidden">••••••••</span></td>
                <td>${s.created_by}</td>
                <td><time datetime=${s.created_at} title=${dateTime(s.created_at)}>${ago(s.created_at)}</time></td>
                <td><time datetime=${s.updated_at} title=${dateTime(s.updated_at)}>${ago(s.updated_at)}</time></td>
                <td><${ConfirmButton} inRow verb="delete" busy="deleting…" failed="Could not delete" what=${`secret ${s.name}`} action=${async () => {
                  await adminApi.deleteSecret(s.name);
                  secrets.reload();
                }} /></td>
              </tr>`,
            )}</tbody>
          </table></div>`)}
    <//>
  `;
}
