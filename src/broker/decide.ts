import type { PlaybookSpec } from '../domain/playbook';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import type { ToolDefinition } from '../tools/types';
import type { RiskPolicy } from '../domain/policy';
import { effectiveDecision } from './policy';

/**
 * The decision for one call at its class by effect (a full load is decided as destructive), by the
 * tenant policy the run holds (pinned at start, replaced when an admin changes it).
 */
export function policyDecision(tool: ToolDefinition<any>, risk: RiskClass, tenantPolicy: RiskPolicy, spec: PlaybookSpec): PolicyDecision {
  return effectiveDecision({ tool: { ...tool.manifest, risk }, tenantPolicy, playbookRiskPolicy: spec.risk_policy, toolPolicies: spec.tool_policies });
}
