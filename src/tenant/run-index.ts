import type { Approval, Run } from '../domain/run';

export type InboxItem = { id: string; kind: 'question' | 'approval'; run_id: string; playbook_id: string; title: string; created_at: string };

/** What a run tells the Tenant's indexes (runs list, approvals, inbox); applied in order, in one batch. */
export type RunIndexUpdate =
  | { kind: 'run'; run: Run }
  | { kind: 'approval'; approval: Approval }
  | { kind: 'inbox_open'; item: InboxItem }
  | { kind: 'inbox_close'; id: string };
