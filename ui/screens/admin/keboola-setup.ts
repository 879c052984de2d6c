// Keboola setup on the admin's vault screen (issue 16): store the Storage API token as the vault
// secret `keboola_token`, then test the connection — discovery runs again and the card shows which
// project answered (Keboola, or the built-in sample when no project URL is configured), when, any
// error Keboola gave, and the systems it found behind the project's components.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { ConnectionList, VaultEntry } from '../../api/types';
import { ago } from '../../lib/format';
import { ErrorNotice } from '../../components/notice';
import { SecretForm } from './secret-form';

/** The vault name src/connections/keboola/index.ts reads for the Storage API token. */
export const KEBOOLA_SECRET = 'keboola_token';

function Discovered(props: { list: ConnectionList }) {
  const { discovery, discovered } = props.list;
  return html`<div class="keboola-test" role="status" aria-label="Keboola connection test">
    <p>${discovery.backend === 'keboola'
      ? html`<strong>✓ Keboola answered</strong>`
      : html`<strong>The built-in sample project answered</strong>: no Keboola project URL (KEBOOLA_API_URL) is configured, so tools read the sample.`}
      ${' '}<span class="muted small">discovered ${ago(discovery.discovered_at)}</span></p>
    ${discovery.error && html`<p class="field-error">${discovery.error}</p>`}
    <p class="small">${discovered.length} ${discovered.length === 1 ? 'system' : 'systems'} behind the project's components${discovered.length ? ': ' : '.'}
      ${discovered.map((c, i) => html`${i ? ', ' : ''}<strong>${c.name}</strong>${c.component_id ? html` <code>${c.component_id}</code>` : null}`)}</p>
  </div>`;
}

export function KeboolaSetup(props: { secrets: VaultEntry[] | undefined; onChanged: () => void }) {
  const [tested, setTested] = useState<ConnectionList | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const entry = props.secrets?.find((s) => s.name === KEBOOLA_SECRET);
  const test = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.discover();
      setTested(await api.connections());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="card admin-keboola" aria-label="Keboola setup">
    <div class="card-top"><h3 class="card-title">Keboola</h3></div>
    <p class="card-desc">
      The Storage API token the <code>keboola.*</code> tools use, stored as <code>${KEBOOLA_SECRET}</code>.
      ${entry ? html` Stored ${ago(entry.updated_at)} by ${entry.created_by}; store again to replace it.` : ' Until one is stored, the KEBOOLA_TOKEN setting is used, if any.'}
    </p>
    <${SecretForm} name=${KEBOOLA_SECRET} label="Keboola Storage API token" onStored=${() => { setTested(null); props.onChanged(); }} />
    <div class="form-actions"><button type="button" class="btn" disabled=${busy} onClick=${test}>${busy ? 'testing…' : '⇄ test the connection'}</button></div>
    ${error !== null && html`<${ErrorNotice} error=${error} title="The test did not run" />`}
    ${tested && html`<${Discovered} list=${tested} />`}
  </div>`;
}
