import { html } from '../html';
import type { User } from '../api/types';
import { Link } from '../lib/router';
import { signOut } from '../lib/session';
import { useTheme } from '../lib/theme';

/**
 * The API does not name its tenant yet; GET /me may grow a `tenant` field. Until then the host
 * the UI is served from identifies the deployment (one tenant per Worker).
 */
function tenantOf(user: User): string {
  const named = (user as User & { tenant?: unknown }).tenant;
  return typeof named === 'string' ? named : window.location.host;
}

export function TopBar(props: { user: User }) {
  const { theme, toggle } = useTheme();
  const { user } = props;
  return html`<header class="topbar">
    <${Link} href="/playbooks" class="brand" aria-label="Agent Studio home">
      <span class="brand-mark" aria-hidden="true">${">_"}</span><span>agent studio</span>
    <//>
    <div class="topbar-item"><span class="label">tenant</span><span class="topbar-value">${tenantOf(user)}</span></div>
    <div class="spacer"></div>
    <div class="topbar-item" aria-label="Signed in user">
      <span class="avatar" aria-hidden="true">${user.name.slice(0, 1)}</span>
      <span class="topbar-value">${user.name}</span>
      <span class="pill pill-neutral">${user.role}</span>
    </div>
    <button type="button" class="btn btn-quiet" onClick=${toggle} aria-label=${`switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
      ${theme === 'dark' ? '☀ light' : '☾ dark'}
    </button>
    <button type="button" class="btn btn-quiet" onClick=${() => signOut()}>sign out</button>
  </header>`;
}
