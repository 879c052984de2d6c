// Paste a bearer token; it is checked with GET /me and kept in sessionStorage for this tab.
import { useState } from 'preact/hooks';
import { html } from '../html';
import { signIn } from '../lib/session';
import { useTheme } from '../lib/theme';
import { ErrorNotice } from '../components/notice';

export function SignIn(props: { notice?: string | undefined }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { theme, toggle } = useTheme();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return setError(new Error('Paste a token first.'));
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return html`<main class="signin" id="main">
    <form class="card signin-card" onSubmit=${submit}>
      <div class="brand brand-large"><span class="brand-mark" aria-hidden="true">${'>_'}</span><span>agent studio</span></div>
      <h1 class="title">Sign In</h1>
      <p class="muted">Governed, data-native AI automations. Paste your API token to continue.</p>
      ${props.notice && html`<div class="notice notice-amber" role="status">${props.notice}</div>`}
      <div class="field">
        <label class="label" for="token">api token</label>
        <input
          id="token"
          class="input"
          type="password"
          autocomplete="off"
          spellcheck=${false}
          placeholder="ast_…"
          value=${token}
          onInput=${(e: Event) => setToken((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="token-help"
          autofocus
        />
        <p class="muted small" id="token-help">
          Sent as <code>Authorization: Bearer …</code> and kept only for this tab. Local development prints demo tokens
          (ada admin, dana author, carl runner) when <code>npm start</code> runs.
        </p>
      </div>
      ${error && html`<${ErrorNotice} error=${error} title="Sign-in failed" />`}
      <div class="row gap">
        <button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'checking…' : '→ sign in'}</button>
        <span class="spacer"></span>
        <button type="button" class="btn btn-quiet" onClick=${toggle}>${theme === 'dark' ? '☀ light' : '☾ dark'}</button>
      </div>
    </form>
  </main>`;
}
