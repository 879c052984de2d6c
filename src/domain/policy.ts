import { z } from '@hono/zod-openapi';
import { DEFAULT_RISK_POLICY, PolicyDecision, RISK_CLASSES, RISK_POLICY_FLOOR, RiskClass, strictness } from './risk';

/** Approval settings with the PRD defaults (spec §3). */
export const ApprovalPolicy = z
  .strictObject({
    default_ttl_seconds: z.number().int().min(60).max(7 * 24 * 3600).default(3600),
    require_body_hash_for: z.array(RiskClass).default(['external_send', 'destructive']),
    undo_window_seconds_for_external_send: z.number().int().min(0).max(300).default(5),
    approver_groups: z.array(z.string().min(1).max(64)).default([]),
  })
  .openapi('ApprovalPolicy');
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** Per-risk-class overrides of the default decisions; absent classes keep the default. */
export const RiskPolicy = z.partialRecord(RiskClass, PolicyDecision).openapi('RiskPolicy');
export type RiskPolicy = z.infer<typeof RiskPolicy>;

/** Effective decision per class after applying overrides on top of the defaults. */
export function effectiveRiskPolicy(overrides: RiskPolicy = {}): Record<RiskClass, PolicyDecision> {
  const result = { ...DEFAULT_RISK_POLICY };
  for (const risk of RISK_CLASSES) {
    const override = overrides[risk];
    if (override) result[risk] = override;
  }
  return result;
}

/** Issues for overrides that loosen a floored class ("cannot be overridden lower", spec §3). */
export function floorViolations(overrides: RiskPolicy): { risk: RiskClass; decision: PolicyDecision; floor: PolicyDecision }[] {
  const violations = [];
  for (const risk of RISK_CLASSES) {
    const decision = overrides[risk];
    const floor = RISK_POLICY_FLOOR[risk];
    if (decision && floor && strictness(decision) < strictness(floor)) violations.push({ risk, decision, floor });
  }
  return violations;
}
