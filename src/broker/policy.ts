import type { ToolManifest } from '../domain/tooling';
import type { RiskPolicy } from '../domain/policy';
import { DEFAULT_RISK_POLICY, RISK_CLASSES, RISK_POLICY_FLOOR, strictness, type PolicyDecision, type RiskClass } from '../domain/risk';

export type PolicyInputs = {
  tool: ToolManifest;
  /** The tenant's overrides (PATCH /policies); absent classes keep the default. */
  tenantPolicy?: RiskPolicy;
  /** The Playbook's `risk_policy`. */
  playbookRiskPolicy?: RiskPolicy;
  /** The Playbook's `tool_policies`, by exact tool id. */
  toolPolicies?: Readonly<Record<string, PolicyDecision>>;
};

/**
 * What the Broker does with a call of `tool` (spec §3, §6). The tenant's decision (its override,
 * else the default) is what an admin set; a Playbook may only tighten it ("A Playbook may tighten
 * these"), with `tool_policies[tool.id]` taking precedence over its `risk_policy`. The floor of the
 * tool's risk class is applied last and always wins, so no layer — including a stored tenant
 * policy written before a floor existed — can loosen a floored class.
 */
export function effectiveDecision({ tool, tenantPolicy = {}, playbookRiskPolicy = {}, toolPolicies = {} }: PolicyInputs): PolicyDecision {
  const risk = tool.risk;
  const tenant = tenantPolicy[risk] ?? DEFAULT_RISK_POLICY[risk];
  const playbook = toolPolicies[tool.id] ?? playbookRiskPolicy[risk];
  const chosen = playbook && strictness(playbook) > strictness(tenant) ? playbook : tenant;
  return atLeastFloor(risk, chosen);
}

/** The stricter of `decision` and the class's floor. */
export function atLeastFloor(risk: RiskClass, decision: PolicyDecision): PolicyDecision {
  const floor = RISK_POLICY_FLOOR[risk];
  return floor && strictness(floor) > strictness(decision) ? floor : decision;
}

/** The tenant-wide decision per class (defaults → tenant overrides, floors applied): what GET /policies shows. */
export function tenantDecisions(tenantPolicy: RiskPolicy = {}): Record<RiskClass, PolicyDecision> {
  return Object.fromEntries(RISK_CLASSES.map((risk) => [risk, atLeastFloor(risk, tenantPolicy[risk] ?? DEFAULT_RISK_POLICY[risk])])) as Record<RiskClass, PolicyDecision>;
}
