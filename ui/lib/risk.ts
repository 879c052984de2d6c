// Risk classes and policy decisions as the UI shows them (spec §2, §3, §6).
import type { PolicyDecision, RiskClass } from '../api/types';
import type { Tone } from './format';

export const RISKS: readonly RiskClass[] = ['read', 'compute', 'write', 'external_send', 'destructive', 'admin', 'secret'];

export const DECISIONS: readonly PolicyDecision[] = ['allow', 'dry_run_first', 'approve', 'dry_run_then_approve', 'approve_admin', 'deny'];

const RISK_TONE: Record<string, Tone> = {
  read: 'neutral', compute: 'neutral', write: 'amber', external_send: 'amber', destructive: 'red', admin: 'red', secret: 'red',
};

const DECISION_TONE: Record<string, Tone> = {
  allow: 'green', dry_run_first: 'neutral', approve: 'amber', dry_run_then_approve: 'amber', approve_admin: 'amber', deny: 'red',
};

/** What each decision means, for titles and the policy table. */
export const DECISION_HELP: Record<PolicyDecision, string> = {
  allow: 'runs without asking',
  dry_run_first: 'runs its dry-run sibling first, then the call',
  approve: 'waits for a person to approve the exact payload',
  dry_run_then_approve: 'runs the dry run, then waits for approval with its result',
  approve_admin: 'waits for an admin to approve',
  deny: 'never runs',
};

export function riskTone(risk: string): Tone {
  return RISK_TONE[risk] ?? 'neutral';
}

export function decisionTone(decision: string): Tone {
  return DECISION_TONE[decision] ?? 'neutral';
}

/** `external_send` → `external send`. */
export function words(id: string): string {
  return id.replaceAll('_', ' ');
}
