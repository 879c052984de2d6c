import type { User } from '../api/types';

/** Creating Playbooks (from scratch or a blueprint) needs the author or admin role (spec §8). */
export function canAuthor(user: User): boolean {
  return user.role === 'author' || user.role === 'admin';
}
