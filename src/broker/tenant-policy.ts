import type { Env } from '../env';
import { z } from '@hono/zod-openapi';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import { PolicyDecision, RiskClass, DEFAULT_RISK_POLICY, RISK_POLICY_FLOOR } from '../domain/risk';
import { RiskPolicy, floorViolations } from '../domain/policy';
import { ValidationError } from '../errors';
import { assertRole } from '../api/auth';
import { tenantDecisions } from './policy';

type Deps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User };

const DecisionPerClass = z.record(RiskClass, PolicyDecision);

export const PolicyView = z
  .object({
    effective: DecisionPerClass.openapi({ description: 'What the Broker does per risk class for this tenant (defaults, then overrides, floors applied); a Playbook may tighten it' }),
    tenant_overrides: RiskPolicy,
    defaults: DecisionPerClass,
    floors: RiskPolicy.openapi({ description: 'The loosest decision each floored class may have ("cannot be overridden lower", spec §3)' }),
  })
  .openapi('Policies');
export type PolicyView = z.infer<typeof PolicyView>;

/** A merge patch of the tenant overrides: a decision sets a class, null removes its override. */
export const PolicyPatch = z
  .strictObject({ risk_policy: z.partialRecord(RiskClass, PolicyDecision.nullable()) })
  .openapi('PolicyPatch');
export type PolicyPatch = z.infer<typeof PolicyPatch>;

function view(overrides: RiskPolicy): PolicyView {
  return { effective: tenantDecisions(overrides), tenant_overrides: overrides, defaults: { ...DEFAULT_RISK_POLICY }, floors: { ...RISK_POLICY_FLOOR } };
}

export async function readPolicies(deps: Pick<Deps, 'tenant'>): Promise<PolicyView> {
  return view(await deps.tenant.getRiskPolicy());
}

export async function updatePolicies(deps: Deps, patch: PolicyPatch): Promise<PolicyView> {
  assertRole(deps.user, ['admin'], 'change the tenant policy');
  const set = Object.fromEntries(Object.entries(patch.risk_policy).filter(([, decision]) => decision !== null)) as RiskPolicy;
  const violations = floorViolations(set);
  if (violations.length > 0) {
    const issues = violations.map((v) => ({ path: `risk_policy.${v.risk}`, message: `${v.risk} may not be looser than "${v.floor}" (got "${v.decision}")` }));
    throw new ValidationError(`Request body is invalid at ${issues[0]!.path}: ${issues[0]!.message}`, issues);
  }
  const policy = await deps.tenant.patchRiskPolicy(patch.risk_policy, deps.user.id, new Date().toISOString());
  // Runs hold the policy they decide by; every live one gets the change before this answers.
  await Promise.all((await deps.tenant.liveRunIds()).map((id) => deps.env.RUN.get(deps.env.RUN.idFromName(id)).policyChanged(policy)));
  return view(policy);
}
