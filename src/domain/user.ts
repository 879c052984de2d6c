import { z } from '@hono/zod-openapi';
import { IsoDateTime, UserId } from './common';

export const Role = z.enum(['admin', 'author', 'runner']).openapi('Role');
export type Role = z.infer<typeof Role>;

export const User = z
  .object({
    id: UserId,
    name: z.string().min(1).max(120),
    role: Role,
    groups: z.array(z.string().min(1).max(64)),
    created_at: IsoDateTime,
  })
  .openapi('User');
export type User = z.infer<typeof User>;

/** What an author may know about other users: enough to share a Playbook and pick approver groups. */
export const UserCard = User.pick({ id: true, name: true, groups: true }).openapi('UserCard');
export type UserCard = z.infer<typeof UserCard>;

/** A user group (approver groups, sharing as `group:<name>`). */
export const GroupName = z.string().max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, "_" or "-"');

export const NewUser = z
  .strictObject({
    id: UserId,
    name: z.string().min(1).max(120),
    role: Role,
    groups: z.array(GroupName).max(50).default([]),
  })
  .openapi('NewUser');
export type NewUser = z.infer<typeof NewUser>;

export const IssuedToken = z
  .object({ token: z.string(), user_id: UserId, label: z.string(), note: z.string() })
  .openapi('IssuedToken');
