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

export function TopBar(props: { user: User; navOpen: boolean; onToggleNav: () => void }) {
  const { theme, toggle } = useTheme();
  const { user } = props;
  return html`<header class="topbar">
    <button type="button" class="btn btn-quiet nav-toggle" aria-controls="main-nav" aria-expanded=${props.navOpen} onClick=${props.onToggleNav}>
      <span aria-hidden="true">${props.navOpen ? '✕' : '☰'}</span> menu
    </button>
    <${Link} href="/playbooks" class="brand" aria-label="Agent Studio home">
      <span class="brand-mark" aria-hidden="true">${">_"}</span><span>agent studio</span>
    <//>
    <div class="topbar-item topbar-tenant"><span class="label">tenant</span><span class="topbar-value">${tenantOf(user)}</span></div>
    <div class="spacer"></div>
    <div class="topbar-item" aria-label="Signed in user">
      <span class="avatar" aria-hidden="true">${user.name.slice(0, 1)}</span>
      <span class="topbar-value topbar-name">${user.name}</span>
      <span class="pill pill-neutral">${user.role}</span>
    </div>
    <button type="button" class="btn btn-quiet theme-toggle" onClick=${toggle} aria-label=${`switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
      <span aria-hidden="true">${theme === 'dark' ? '☀' : '☾'}</span><span class="theme-toggle-word"> ${theme === 'dark' ? 'light' : 'dark'}</span>
    </button>
    <button type="button" class="btn btn-quiet" onClick=${() => signOut()}>sign out</button>
  </header>`;
}
