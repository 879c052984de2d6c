import { z } from '@hono/zod-openapi';

/** Ordered from least to most dangerous (spec §2). The order is the contract. */
export const RISK_CLASSES = ['read', 'compute', 'write', 'external_send', 'destructive', 'admin', 'secret'] as const;
export const RiskClass = z.enum(RISK_CLASSES).openapi('RiskClass');
export type RiskClass = z.infer<typeof RiskClass>;

export function riskRank(risk: RiskClass): number {
  return RISK_CLASSES.indexOf(risk);
}

/** What the Broker does with a call of a given risk (spec §3). */
export const POLICY_DECISIONS = ['allow', 'dry_run_first', 'approve', 'dry_run_then_approve', 'approve_admin', 'deny'] as const;
export const PolicyDecision = z.enum(POLICY_DECISIONS).openapi('PolicyDecision');
export type PolicyDecision = z.infer<typeof PolicyDecision>;

/** How strict a decision is; a Playbook may only move a floored class up this scale. */
const STRICTNESS: Record<PolicyDecision, number> = {
  allow: 0,
  dry_run_first: 1,
  approve: 2,
  dry_run_then_approve: 3,
  approve_admin: 4,
  deny: 5,
};

export function strictness(decision: PolicyDecision): number {
  return STRICTNESS[decision];
}

export const DEFAULT_RISK_POLICY: Record<RiskClass, PolicyDecision> = {
  read: 'allow',
  compute: 'allow',
  write: 'dry_run_first',
  external_send: 'approve',
  destructive: 'dry_run_then_approve',
  admin: 'approve_admin',
  secret: 'deny',
};

/** "Cannot be overridden lower" (spec §3): the weakest decision each class may have. */
export const RISK_POLICY_FLOOR: Partial<Record<RiskClass, PolicyDecision>> = {
  external_send: 'approve',
  destructive: 'approve',
  secret: 'deny',
};
