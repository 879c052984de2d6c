// Service accounts (issue 17, admin only), on the Users screen: machine principals for schedulers and
// Keboola components. Create one with a role, its Playbooks and an expiry (the token is shown once,
// with copy), see when each was last used, rotate its token, revoke it.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { adminApi } from '../../api/admin';
import type { IssuedServiceAccount, Role, ServiceAccount } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';
import { ago, dateTime } from '../../lib/format';
import { CopyButton } from '../../components/copy-button';
import { ErrorNotice, Loading } from '../../components/notice';
import { Pill } from '../../components/pill';
import { Section } from '../../components/section';
import { ConfirmButton } from '../../components/confirm-button';
import { FieldError, issueFor } from './issue-for';

const ROLES: Role[] = ['runner', 'author', 'admin'];
const DAYS = [30, 90, 365];

function IssuedNotice(props: { issued: IssuedServiceAccount; onDone: () => void }) {
  const { issued } = props;
  return html`<div class="notice notice-amber admin-issued" role="status" aria-label="New service-account token">
    <strong>Token for ${issued.service_account.name} (${issued.service_account.id}): copy it now, it is not shown again.</strong>
    <div class="admin-secret-line">
      <code class="admin-token" data-testid="issued-service-account-token">${issued.token}</code>
      <${CopyButton} text=${issued.token} what="service-account token" />
    </div>
    <span class="small">expires <time datetime=${issued.service_account.expires_at}>${dateTime(issued.service_account.expires_at)}</time></span>
    <div><button type="button" class="btn btn-quiet btn-xs" onClick=${props.onDone}>✓ I have stored it</button></div>
  </div>`;
}

function NewServiceAccountForm(props: { onIssued: (issued: IssuedServiceAccount) => void }) {
  const [form, setForm] = useState({ name: '', role: 'runner' as Role, playbooks: '', days: '90' });
  const { busy, error, run } = useSubmit();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });

  const submit = (e: Event) => {
    e.preventDefault();
    const ids = form.playbooks.split(',').map((p) => p.trim()).filter(Boolean);
    return run(async () => {
      props.onIssued(await adminApi.createServiceAccount({
        name: form.name.trim(), role: form.role, playbooks: ids.length === 1 && ids[0] === 'all' ? 'all' : ids, expires_in_days: Number(form.days),
      }));
      setForm({ name: '', role: 'runner', playbooks: '', days: '90' });
    });
  };

  const nameError = issueFor(error, 'name');
  const playbooksError = issueFor(error, 'playbooks');
  return html`<form class="card admin-form" aria-label="New service account" onSubmit=${submit}>
    <label class="field"><span class="field-label">name</span>
      <input class="input" name="sa-name" required maxlength="120" placeholder="Keboola: weekly summary" value=${form.name} onInput=${set('name')} aria-invalid=${nameError ? 'true' : undefined} />
      <${FieldError} message=${nameError} id="sa-name-error" />
    </label>
    <label class="field"><span class="field-label">role</span>
      <select class="input" name="sa-role" value=${form.role} onChange=${set('role')}>${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select>
    </label>
    <label class="field"><span class="field-label">playbooks <span class="muted small">ids or "all"</span></span>
      <input class="input" name="sa-playbooks" required placeholder="weekly-summary, other-id" value=${form.playbooks} onInput=${set('playbooks')} aria-invalid=${playbooksError ? 'true' : undefined} />
      <${FieldError} message=${playbooksError} id="sa-playbooks-error" />
    </label>
    <label class="field"><span class="field-label">expires in</span>
      <select class="input" name="sa-days" value=${form.days} onChange=${set('days')}>${DAYS.map((d) => html`<option value=${String(d)}>${d} days</option>`)}</select>
    </label>
    <div class="form-actions"><button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'creating…' : '+ create service account'}</button></div>
    ${error && !nameError && !playbooksError && html`<${ErrorNotice} error=${error} title="Service account not created" />`}
  </form>`;
}

function AccountRow(props: { account: ServiceAccount; onIssued: (issued: IssuedServiceAccount) => void; onChanged: () => void }) {
  const a = props.account;
  const live = !a.revoked_at;
  return html`<tr>
    <td><code>${a.id}</code></td>
    <td>${a.name}</td>
    <td>${a.role}</td>
    <td>${a.playbooks === 'all' ? html`<span class="muted">all</span>` : a.playbooks.join(', ')}</td>
    <td>${a.token_last4 ? html`<code>…${a.token_last4}</code>` : html`<span class="muted">—</span>`}</td>
    <td>${a.last_used_at ? html`<time datetime=${a.last_used_at} title=${dateTime(a.last_used_at)}>${ago(a.last_used_at)}</time>` : html`<span class="muted">never</span>`}</td>
    <td><time datetime=${a.expires_at}>${dateTime(a.expires_at)}</time>${a.expired && html` <${Pill} tone="red">expired<//>`}${a.revoked_at && html` <${Pill} tone="red">revoked<//>`}</td>
    <td>${live && html`<${ConfirmButton} inRow verb="rotate" busy="rotating…" failed="Could not rotate" what=${`the token of ${a.name}`}
        action=${async () => {
          props.onIssued(await adminApi.rotateServiceAccount(a.id));
          props.onChanged();
        }} />
      <${ConfirmButton} inRow verb="revoke" busy="revoking…" failed="Could not revoke" what=${`service account ${a.name}`}
        action=${async () => {
          await adminApi.revokeServiceAccount(a.id);
          props.onChanged();
        }} />`}</td>
  </tr>`;
}

export function ServiceAccounts() {
  const accounts = useAsync(() => adminApi.serviceAccounts(), []);
  const [issued, setIssued] = useState<IssuedServiceAccount | null>(null);
  const onIssued = (i: IssuedServiceAccount) => {
    setIssued(i);
    accounts.reload();
  };
  return html`<${Section} label="service accounts" id="section-service-accounts">
    <p class="muted small">Tokens for machines — schedulers, Keboola components — limited to the Playbooks named here; runs they start name the account.</p>
    <${NewServiceAccountForm} onIssued=${onIssued} />
    ${issued && html`<${IssuedNotice} issued=${issued} onDone=${() => setIssued(null)} />`}
    ${accounts.error && html`<${ErrorNotice} error=${accounts.error} title="Could not load service accounts" />`}
    ${!accounts.data && !accounts.error && html`<${Loading} what="service accounts" />`}
    ${accounts.data &&
    (accounts.data.length === 0
      ? html`<p class="muted">No service accounts yet.</p>`
      : html`<div class="table-wrap"><table class="table" aria-label="Service accounts">
          <thead><tr><th scope="col">id</th><th scope="col">name</th><th scope="col">role</th><th scope="col">playbooks</th><th scope="col">token</th><th scope="col">last used</th><th scope="col">expires</th><th scope="col"><span class="visually-hidden">actions</span></th></tr></thead>
          <tbody>${accounts.data.map((a) => html`<${AccountRow} key=${a.id} account=${a} onIssued=${onIssued} onChanged=${accounts.reload} />`)}</tbody>
        </table></div>`)}
  <//>`;
}
