import type { Env } from '../env';
import type { PlaybookSpec } from '../domain/playbook';
import type { PolicyDecision, RiskClass } from '../domain/risk';
import type { ToolDefinition } from '../tools/types';
import { tenantStub } from '../api/context';
import { effectiveDecision } from './policy';

/**
 * The decision for one call at its class by effect (a full load is decided as destructive), read
 * fresh each time so an admin's policy change applies at once.
 */
export async function policyDecision(env: Env, tool: ToolDefinition<any>, risk: RiskClass, spec: PlaybookSpec): Promise<PolicyDecision> {
  const tenantPolicy = await tenantStub(env).getRiskPolicy();
  return effectiveDecision({ tool: { ...tool.manifest, risk }, tenantPolicy, playbookRiskPolicy: spec.risk_policy, toolPolicies: spec.tool_policies });
}
