// URL → screen. A new screen is one line here (and one in nav.ts if it belongs in the sidebar).
import { BlueprintDetail } from './screens/blueprints/detail';
import { BlueprintsCatalogue } from './screens/blueprints/catalogue';
import { PlaybookDetail } from './screens/playbooks/detail';
import { PlaybookEdit } from './screens/playbooks/edit';
import { PlaybooksLibrary } from './screens/playbooks/library';
import { PlaybookNew } from './screens/playbooks/new';
import { PlaybookBuilder } from './screens/playbooks/builder/builder';
import { PlaybookRevisionView } from './screens/playbooks/revision';
import { Plugins } from './screens/plugins';
import { Connections } from './screens/connections/connections';
import { LocalProjectScreen } from './screens/connections/local-project';
import { SkillDetail } from './screens/skills/detail';
import { SkillsLibrary } from './screens/skills/library';
import { SkillUpload } from './screens/skills/upload';
import { ActivityInbox } from './screens/inbox';
import { PastJobs } from './screens/runs/past-jobs';
import { RunStart } from './screens/runs/start';
import { RunView } from './screens/runs/run-view';
import { AuditLog } from './screens/tools/audit-log';
import { ToolsPolicies } from './screens/tools/tools-policies';
import { AdminUsers } from './screens/admin/users';
import { AdminVault } from './screens/admin/vault';
import { AdminMcpServers } from './screens/admin/mcp-servers';
import type { Role } from './api/types';

/**
 * Every screen receives its path params by name (`:id` → `id`), `query` (URLSearchParams) and
 * `user`, and declares only the props it uses; htm templates are not prop-checked, hence `any`.
 */
export type Screen = (props: any) => unknown;

/** `roles`: only these see the screen; anyone else gets Not Found, as the API answers them 403/404. */
export type Route = { path: string; title: string; screen: Screen; roles?: readonly Role[] };

export const HOME = '/playbooks';

export const ROUTES: readonly Route[] = [
  { path: '/playbooks', title: 'Playbooks', screen: PlaybooksLibrary },
  { path: '/playbooks/new', title: 'New Playbook', screen: PlaybookNew },
  { path: '/playbooks/new/build', title: 'Build a Playbook', screen: PlaybookBuilder },
  { path: '/playbooks/:id', title: 'Playbook', screen: PlaybookDetail },
  { path: '/playbooks/:id/edit', title: 'Edit Playbook', screen: PlaybookEdit },
  { path: '/playbooks/:id/revisions/:n', title: 'Playbook Revision', screen: PlaybookRevisionView },
  { path: '/playbooks/:id/run', title: 'Run Playbook', screen: RunStart },
  { path: '/runs', title: 'Past Jobs', screen: PastJobs },
  { path: '/runs/:id', title: 'Run', screen: RunView },
  { path: '/runs/:id/audit', title: 'Audit Log', screen: AuditLog },
  { path: '/inbox', title: 'Activity Inbox', screen: ActivityInbox },
  { path: '/blueprints', title: 'Blueprints', screen: BlueprintsCatalogue },
  { path: '/blueprints/:id', title: 'Blueprint', screen: BlueprintDetail },
  { path: '/connections', title: 'Connections', screen: Connections },
  { path: '/local-project', title: 'Local Project', screen: LocalProjectScreen },
  { path: '/skills', title: 'Skills', screen: SkillsLibrary },
  { path: '/skills/new', title: 'Upload Skill', screen: SkillUpload },
  { path: '/skills/:id', title: 'Skill', screen: SkillDetail },
  { path: '/plugins', title: 'Plugins', screen: Plugins },
  { path: '/tools', title: 'Tools & Policies', screen: ToolsPolicies },
  { path: '/admin/users', title: 'Users', screen: AdminUsers, roles: ['admin'] },
  { path: '/admin/vault', title: 'Vault', screen: AdminVault, roles: ['admin'] },
  { path: '/admin/mcp-servers', title: 'MCP Servers', screen: AdminMcpServers, roles: ['admin'] },
  // The API's own paths lead to the same screens; settings (the tenant's risk policy) live on Tools & Policies.
  { path: '/users', title: 'Users', screen: AdminUsers, roles: ['admin'] },
  { path: '/vault', title: 'Vault', screen: AdminVault, roles: ['admin'] },
  { path: '/mcp-servers', title: 'MCP Servers', screen: AdminMcpServers, roles: ['admin'] },
  { path: '/settings', title: 'Tools & Policies', screen: ToolsPolicies, roles: ['admin'] },
];
