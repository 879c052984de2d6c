// Users (issue 16, admin only): the directory with roles, creating a user, and each user's tokens —
// issue one with a label and an expiry (the token is shown once, with copy), list them by their last
// four characters, revoke them. The selected user lives in the URL (?user=).
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { adminApi, type TokenBody } from '../../api/admin';
import type { IssuedToken, NewUser, Role, TokenInfo, User } from '../../api/types';
import { navigate } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';
import { ago, dateTime } from '../../lib/format';
import { CopyButton } from '../../components/copy-button';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Pill } from '../../components/pill';
import { Section } from '../../components/section';
import { FieldError, issueFor } from './issue-for';
import { ConfirmButton } from '../../components/confirm-button';
import { ServiceAccounts } from './service-accounts';

const ROLES: Role[] = ['admin', 'author', 'runner'];
const ROLE_TONE = { admin: 'amber', author: 'green', runner: 'neutral' } as const;

/** Expiry choices; "date" asks for a day, "never" issues a token that lives until revoked. */
const EXPIRIES = [
  { id: '7', label: '7 days' },
  { id: '30', label: '30 days' },
  { id: '90', label: '90 days' },
  { id: '365', label: '1 year' },
  { id: 'date', label: 'on a date…' },
  { id: 'never', label: 'never (until revoked)' },
];

function NewUserForm(props: { onCreated: (user: User) => void }) {
  const [form, setForm] = useState({ id: '', name: '', role: 'author' as Role, groups: '' });
  const { busy, error, run } = useSubmit();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });

  const submit = (e: Event) => {
    e.preventDefault();
    const user: NewUser = {
      id: form.id.trim(),
      name: form.name.trim(),
      role: form.role,
      groups: form.groups.split(',').map((g) => g.trim()).filter(Boolean),
    };
    return run(async () => {
      props.onCreated(await adminApi.createUser(user));
      setForm({ id: '', name: '', role: 'author', groups: '' });
    });
  };

  const idError = issueFor(error, 'id');
  const nameError = issueFor(error, 'name');
  const groupsError = issueFor(error, 'groups');
  return html`<form class="card admin-form" aria-label="New user" onSubmit=${submit}>
    <label class="field"><span class="field-label">id</span>
      <input class="input" name="id" required maxlength="64" placeholder="jane-doe" value=${form.id} onInput=${set('id')}
        aria-invalid=${idError ? 'true' : undefined} aria-describedby=${idError ? 'new-user-id-error' : undefined} />
      <${FieldError} message=${idError} id="new-user-id-error" />
    </label>
    <label class="field"><span class="field-label">name</span>
      <input class="input" name="name" required maxlength="120" placeholder="Jane Doe" value=${form.name} onInput=${set('name')}
        aria-invalid=${nameError ? 'true' : undefined} />
      <${FieldError} message=${nameError} id="new-user-name-error" />
    </label>
    <label class="field"><span class="field-label">role</span>
      <select class="input" name="role" value=${form.role} onChange=${set('role')}>
        ${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}
      </select>
    </label>
    <label class="field"><span class="field-label">groups <span class="muted small">comma-separated</span></span>
      <input class="input" name="groups" placeholder="finance, ops" value=${form.groups} onInput=${set('groups')} />
      <${FieldError} message=${groupsError} id="new-user-groups-error" />
    </label>
    <div class="form-actions">
      <button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'creating…' : '+ create user'}</button>
    </div>
    ${error && !idError && !nameError && !groupsError && html`<${ErrorNotice} error=${error} title="User not created" />`}
  </form>`;
}

/** The token, once: it is not stored anywhere the API can show it again. */
function IssuedTokenNotice(props: { issued: IssuedToken; onDone: () => void }) {
  const { issued } = props;
  return html`<div class="notice notice-amber admin-issued" role="status" aria-label="New token">
    <strong>Token "${issued.label}" for ${issued.user_id}: copy it now, it is not shown again.</strong>
    <div class="admin-secret-line">
      <code class="admin-token" data-testid="issued-token">${issued.token}</code>
      <${CopyButton} text=${issued.token} what="new token" />
    </div>
    <span class="small">${issued.expires_at ? html`expires <time datetime=${issued.expires_at}>${dateTime(issued.expires_at)}</time>` : 'never expires; revoke it when it is no longer needed'}</span>
    <div><button type="button" class="btn btn-quiet btn-xs" onClick=${props.onDone}>✓ I have stored it</button></div>
  </div>`;
}

function IssueTokenForm(props: { userId: string; onIssued: (token: IssuedToken) => void }) {
  const [label, setLabel] = useState('api');
  const [expiry, setExpiry] = useState('30');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: TokenBody = { label: label.trim() };
    // A picked day means the end of that day, in the admin's time zone.
    if (expiry === 'date') body.expires_at = date ? new Date(`${date}T23:59:59`).toISOString() : '';
    else if (expiry !== 'never') body.expires_in_days = Number(expiry);
    try {
      props.onIssued(await adminApi.issueToken(props.userId, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const labelError = issueFor(error, 'label');
  const expiryError = issueFor(error, 'expires_at') ?? issueFor(error, 'expires_in_days');
  return html`<form class="admin-inline-form" aria-label="Issue a token" onSubmit=${submit}>
    <label class="field"><span class="field-label">label</span>
      <input class="input" name="label" required maxlength="80" value=${label} onInput=${(e: Event) => setLabel((e.target as HTMLInputElement).value)} />
      <${FieldError} message=${labelError} id="token-label-error" />
    </label>
    <label class="field"><span class="field-label">expires</span>
      <select class="input" name="expiry" value=${expiry} onChange=${(e: Event) => setExpiry((e.target as HTMLSelectElement).value)}>
        ${EXPIRIES.map((x) => html`<option value=${x.id}>${x.label}</option>`)}
      </select>
    </label>
    ${expiry === 'date' &&
    html`<label class="field"><span class="field-label">on</span>
      <input class="input" type="date" name="expires_on" required value=${date} onInput=${(e: Event) => setDate((e.target as HTMLInputElement).value)} />
    </label>`}
    <div class="form-actions"><button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'issuing…' : '+ issue token'}</button></div>
    ${expiryError && html`<span class="field-error admin-wide">expiry: ${expiryError}</span>`}
    ${error && !labelError && !expiryError && html`<div class="admin-wide"><${ErrorNotice} error=${error} title="Token not issued" /></div>`}
  </form>`;
}

function TokenRow(props: { token: TokenInfo; onRevoked: () => void }) {
  const t = props.token;
  return html`<tr>
    <td>${t.label}</td>
    <td><code>${t.last4 ? `…${t.last4}` : '—'}</code> <span class="muted small">${t.id}</span></td>
    <td><time datetime=${t.created_at} title=${dateTime(t.created_at)}>${ago(t.created_at)}</time></td>
    <td>${t.expires_at
      ? html`<time datetime=${t.expires_at}>${dateTime(t.expires_at)}</time>${t.expired && html` <${Pill} tone="red">expired<//>`}`
      : html`<span class="muted">never</span>`}</td>
    <td><${ConfirmButton} inRow verb="revoke" busy="revoking…" failed="Could not revoke" what=${`token ${t.label} (…${t.last4 ?? t.id})`}
      action=${async () => {
        await adminApi.revokeToken(t.user_id, t.id);
        props.onRevoked();
      }} /></td>
  </tr>`;
}

function UserTokens(props: { user: User }) {
  const tokens = useAsync(() => adminApi.tokens(props.user.id), [props.user.id]);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  return html`<${Section} label=${`tokens of ${props.user.id}`} id="section-tokens">
    <div class="card admin-tokens">
      <${IssueTokenForm} userId=${props.user.id} onIssued=${(t: IssuedToken) => {
        setIssued(t);
        tokens.reload();
      }} />
      ${issued && html`<${IssuedTokenNotice} issued=${issued} onDone=${() => setIssued(null)} />`}
      ${tokens.error && html`<${ErrorNotice} error=${tokens.error} title="Could not load tokens" />`}
      ${!tokens.data && !tokens.error && html`<${Loading} what="tokens" />`}
      ${tokens.data &&
      (tokens.data.length === 0
        ? html`<p class="muted">No tokens: ${props.user.name} cannot sign in until one is issued.</p>`
        : html`<div class="table-wrap"><table class="table" aria-label=${`Tokens of ${props.user.id}`}>
            <thead><tr><th scope="col">label</th><th scope="col">token</th><th scope="col">issued</th><th scope="col">expires</th><th scope="col"><span class="visually-hidden">revoke</span></th></tr></thead>
            <tbody>${tokens.data.map((t) => html`<${TokenRow} key=${t.id} token=${t} onRevoked=${tokens.reload} />`)}</tbody>
          </table></div>`)}
    </div>
  <//>`;
}

export function AdminUsers(props: { query: URLSearchParams; user: User }) {
  const users = useAsync(() => adminApi.users(), []);
  const selectedId = props.query.get('user');
  const select = (id: string | null) => navigate(id ? `/admin/users?user=${encodeURIComponent(id)}` : '/admin/users', { replace: true });
  const selected = users.data?.find((u) => u.id === selectedId);
  return html`
    <${PageHeader} title="Users" eyebrow="admin" meta="Who may sign in, with which role, and the bearer tokens they sign in with." />
    <${Section} label="new user">
      <${NewUserForm} onCreated=${(u: User) => {
        users.reload();
        select(u.id);
      }} />
    <//>
    <${Section} label="users">
      ${users.error && html`<${ErrorNotice} error=${users.error} title="Could not load users" />`}
      ${!users.data && !users.error && html`<${Loading} what="users" />`}
      ${users.data &&
      html`<div class="table-wrap"><table class="table admin-users" aria-label="Users">
        <thead><tr><th scope="col">id</th><th scope="col">name</th><th scope="col">role</th><th scope="col">groups</th><th scope="col">created</th><th scope="col">tokens</th></tr></thead>
        <tbody>${users.data.map(
          (u) => html`<tr key=${u.id} class=${u.id === selectedId ? 'selected' : undefined}>
            <td><code>${u.id}</code></td>
            <td>${u.name}</td>
            <td><${Pill} tone=${ROLE_TONE[u.role]}>${u.role}<//></td>
            <td>${u.groups.length ? u.groups.join(', ') : html`<span class="muted">—</span>`}</td>
            <td><time datetime=${u.created_at} title=${dateTime(u.created_at)}>${ago(u.created_at)}</time></td>
            <td><button type="button" class="btn btn-xs" aria-pressed=${u.id === selectedId ? 'true' : 'false'} aria-label=${`tokens of ${u.id}`}
              onClick=${() => select(u.id === selectedId ? null : u.id)}>≡ tokens</button></td>
          </tr>`,
        )}</tbody>
      </table></div>`}
    <//>
    ${selected && html`<${UserTokens} key=${selected.id} user=${selected} />`}
    <${ServiceAccounts} />
  `;
}
