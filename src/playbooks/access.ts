import type { PlaybookSummary } from '../domain/playbook';
import type { User } from '../domain/user';

/** View scoping (spec §8): creator, anyone in `allowed_users` (a user id or `group:<name>`), admins. */
export function canView(user: User, playbook: PlaybookSummary): boolean {
  if (user.role === 'admin' || playbook.created_by === user.id) return true;
  return playbook.allowed_users.some((entry) => entry === user.id || (entry.startsWith('group:') && user.groups.includes(entry.slice(6))));
}

/** Editing, sharing and deleting need the owner or an admin. */
export function canEdit(user: User, playbook: PlaybookSummary): boolean {
  return user.role === 'admin' || playbook.created_by === user.id;
}
