import type { PlaybookSummary } from '../domain/playbook';
import type { User } from '../domain/user';

/** A service account limited to some Playbooks touches no other, whatever its role (issue 17). */
export function withinScope(user: User, playbookId: string): boolean {
  return !user.allowed_playbooks || user.allowed_playbooks.includes(playbookId);
}

/** An admin with no Playbook limit: sees every run, approval and inbox item without a per-Playbook check. */
export function seesEverything(user: User): boolean {
  return user.role === 'admin' && !user.allowed_playbooks;
}

/** View scoping (spec §8): creator, anyone in `allowed_users` (a user id or `group:<name>`), admins; a limited service account: its Playbooks. */
export function canView(user: User, playbook: PlaybookSummary): boolean {
  // An admin granted the account these Playbooks by id: that grant is its view (it has no groups to be shared with).
  if (user.allowed_playbooks) return user.allowed_playbooks.includes(playbook.id);
  if (user.role === 'admin' || playbook.created_by === user.id) return true;
  return playbook.allowed_users.some((entry) => entry === user.id || (entry.startsWith('group:') && user.groups.includes(entry.slice(6))));
}

/** Editing, sharing and deleting need the owner or an admin. */
export function canEdit(user: User, playbook: PlaybookSummary): boolean {
  if (!withinScope(user, playbook.id)) return false;
  return user.role === 'admin' || playbook.created_by === user.id;
}
