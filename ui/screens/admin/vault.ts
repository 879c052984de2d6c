// Vault (issue 16, admin only): secret names and metadata, add / replace / delete. A value goes in
// and never comes back: the API returns none, and this screen clears its field once stored.
// Slack setup lives here too: the bot token is the vault secret `slack_bot_token`, and the Slack
// connection's state (GET /connections) follows it.
import { useState } from 'preact/hooks';
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
import { ConfirmButton, issueFor } from './confirm-button';

/** The vault name src/connections/discovery.ts reads for the direct Slack connection. */
export const SLACK_SECRET = 'slack_bot_token';

/** Name and value; the value field is a password input and is emptied once the API has it. */
function SecretForm(props: { name?: string; label: string; onStored: (entry: VaultEntry) => void; placeholder?: string }) {
  const [name, setName] = useState(props.name ?? '');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [stored, setStored] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStored(null);
    try {
      const entry = await adminApi.putSecret(name.trim(), value);
      setValue('');
      if (!props.name) setName('');
      setStored(entry.name);
      props.onStored(entry);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const nameError = issueFor(error, 'name');
  const valueError = issueFor(error, 'value');
  return html`<form class="admin-inline-form" aria-label=${props.label} onSubmit=${submit}>
    ${props.name
      ? html`<input type="hidden" name="name" value=${props.name} />`
      : html`<label class="field"><span class="field-label">name</span>
          <input class="input" name="name" required maxlength="64" placeholder="crm_api_key" autocomplete="off" value=${name}
            onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} />
          ${nameError && html`<span class="field-error">${nameError}</span>`}
        </label>`}
    <label class="field admin-grow"><span class="field-label">value</span>
      <input class="input" type="password" name="value" required autocomplete="new-password" spellcheck="false"
        placeholder=${props.placeholder ?? 'the secret'} value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
      ${valueError && html`<span class="field-error">${valueError}</span>`}
    </label>
    <div class="form-actions"><button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'storing…' : '⇪ store'}</button></div>
    ${stored && html`<span class="muted small admin-wide" role="status">✓ stored ${stored}; the value is not shown again.</span>`}
    ${error && !nameError && !valueError && html`<div class="admin-wide"><${ErrorNotice} error=${error} title="Not stored" /></div>`}
  </form>`;
}

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
                <td><${ConfirmButton} verb="delete" what=${`secret ${s.name}`} action=${async () => {
                  await adminApi.deleteSecret(s.name);
                  secrets.reload();
                }} /></td>
              </tr>`,
            )}</tbody>
          </table></div>`)}
    <//>
  `;
}
