import { api } from './api/endpoints';
import type { Role } from './api/types';

// The sidebar, as data (ui.md "Layout"). A screen joins the navigation with one line in NAV;
// groups without entries are not shown.
export type NavGroupId = 'process' | 'resources' | 'explore' | 'admin';

export const NAV_GROUPS: readonly { id: NavGroupId; label: string }[] = [
  { id: 'process', label: 'Process Automation' },
  { id: 'resources', label: 'Resources' },
  { id: 'explore', label: 'Explore' },
  { id: 'admin', label: 'Admin' },
];

export type NavEntry = {
  group: NavGroupId;
  label: string;
  href: string;
  icon: string;
  /** A count shown next to the label (pending items); refreshed on navigation, on a signal and every minute. */
  badge?: () => Promise<number>;
  /** Shown only to these roles (the route says the same). */
  roles?: readonly Role[];
};

// Order within a group is the order here (ui.md: Playbooks, Past Jobs, Activity Inbox;
// Connections, Skills, Plugins, Tools & Policies; Blueprints).
export const NAV: readonly NavEntry[] = [
  { group: 'process', label: 'Playbooks', href: '/playbooks', icon: '▤' },
  { group: 'process', label: 'Past Jobs', href: '/runs', icon: '☰' },
  { group: 'process', label: 'Activity Inbox', href: '/inbox', icon: '✉', badge: () => api.inbox().then((items) => items.length) },
  { group: 'resources', label: 'Connections', href: '/connections', icon: '⇄' },
  { group: 'resources', label: 'Local Project', href: '/local-project', icon: '⊞' },
  { group: 'resources', label: 'Skills', href: '/skills', icon: '✦' },
  { group: 'resources', label: 'Plugins', href: '/plugins', icon: '▣' },
  { group: 'resources', label: 'Tools & Policies', href: '/tools', icon: '⚖' },
  { group: 'explore', label: 'Blueprints', href: '/blueprints', icon: '◇' },
  { group: 'admin', label: 'Users', href: '/admin/users', icon: '⚇', roles: ['admin'] },
  { group: 'admin', label: 'Vault', href: '/admin/vault', icon: '◈', roles: ['admin'] },
  { group: 'admin', label: 'MCP Servers', href: '/admin/mcp-servers', icon: '⌬', roles: ['admin'] },
];
