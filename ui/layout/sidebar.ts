import { useEffect } from 'preact/hooks';
import { html } from '../html';
import { onInboxChanged } from '../lib/inbox-signal';
import { Link, useLocation } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { NAV, NAV_GROUPS, type NavEntry } from '../nav';
import type { Role } from '../api/types';

function isActive(href: string, path: string): boolean {
  return path === href || path.startsWith(`${href}/`);
}

const BADGE_POLL_MS = 60_000;

function Badge(props: { load: () => Promise<number>; path: string }) {
  const { data, reload } = useAsync(props.load, [props.path]);
  useEffect(() => {
    const timer = window.setInterval(() => document.visibilityState === 'visible' && reload(), BADGE_POLL_MS);
    const off = onInboxChanged(reload);
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [reload]);
  return data ? html`<span class="badge" aria-label=${`${data} pending`}>${data}</span>` : null;
}

function NavItem(props: { entry: NavEntry; path: string }) {
  const { entry, path } = props;
  const active = isActive(entry.href, path);
  return html`<li>
    <${Link} href=${entry.href} class=${active ? 'nav-link active' : 'nav-link'} aria-current=${active ? 'page' : undefined}>
      <span class="nav-icon" aria-hidden="true">${entry.icon}</span>
      <span class="nav-label">${entry.label}</span>
      ${entry.badge && html`<${Badge} load=${entry.badge} path=${path} />`}
    <//>
  </li>`;
}

export function Sidebar(props: { role: Role }) {
  const { path } = useLocation();
  return html`<nav class="sidebar" id="main-nav" aria-label="Main">
    ${NAV_GROUPS.map((group) => {
      const entries = NAV.filter((e) => e.group === group.id && (!e.roles || e.roles.includes(props.role)));
      if (entries.length === 0) return null;
      return html`<div class="nav-group">
        <h2 class="label nav-group-label" id=${`nav-${group.id}`}>${group.label}</h2>
        <ul aria-labelledby=${`nav-${group.id}`}>${entries.map((entry) => html`<${NavItem} entry=${entry} path=${path} />`)}</ul>
      </div>`;
    })}
  </nav>`;
}
