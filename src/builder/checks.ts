import type { PlaybookSpec } from '../domain/playbook';
import { DEFAULT_RISK_POLICY, riskRank, strictness, type RiskClass } from '../domain/risk';
import type { ToolManifest } from '../domain/tooling';
import { toolAllowed } from '../tools/registry';
import { RUN_SCOPED } from '../tools/types';
import { checkPlaybookDocument, registeredIn, type DraftIssue } from '../tools/kbagent/create-draft';

export type ProposalCheck = { ok: true; spec: PlaybookSpec; value: unknown } | { ok: false; issues: DraftIssue[] };

/**
 * A proposed document as POST /playbooks judges it (the YAML parser, depth limit and PlaybookSpec,
 * via checkPlaybookDocument, which also wants every tool in the registry and every action allowed),
 * plus the builder's own rule: a step that can write outside the run or send externally has an
 * approval in the document itself. The Broker's floor would still hold a send, but a proposal that
 * says "allow" for one misleads the person accepting it, so it is refused rather than trusted.
 */
export function checkProposal(text: string, manifests: readonly ToolManifest[]): ProposalCheck {
  const draft = checkPlaybookDocument(text, registeredIn(manifests.map((m) => m.id)));
  if (!draft.valid || !draft.spec) return { ok: false, issues: draft.errors };
  const known = new Set(manifests.map((m) => m.id));
  // A policy for a tool that does not exist guards nothing; it usually means a misspelt id.
  const unknownPolicies = Object.keys(draft.spec.tool_policies)
    .filter((id) => !known.has(id))
    .map((id) => ({ path: `tool_policies.${id}`, message: `no tool "${id}" in the registry` }));
  const issues = [...unknownPolicies, ...approvalIssues(draft.spec, manifests)];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, spec: draft.spec, value: draft.value };
}

/** Tools that act outside the run: write or worse, unless their effects stay in the run's workspace. */
export function needsApproval(tool: ToolManifest): boolean {
  return riskRank(tool.risk) >= riskRank('write') && !tool.tags.includes(RUN_SCOPED);
}

/** What the document itself decides for a tool: its tool_policies entry, else its risk_policy, else the default. */
export function declaredDecision(spec: PlaybookSpec, tool: ToolManifest) {
  return spec.tool_policies[tool.id] ?? spec.risk_policy[tool.risk as RiskClass] ?? DEFAULT_RISK_POLICY[tool.risk];
}

export function approvalIssues(spec: PlaybookSpec, manifests: readonly ToolManifest[]): DraftIssue[] {
  const issues: DraftIssue[] = [];
  spec.sop.steps.forEach((step, s) => {
    for (const tool of manifests) {
      if (!needsApproval(tool) || !toolAllowed(step.allowed_tools, tool.id)) continue;
      const decision = declaredDecision(spec, tool);
      if (strictness(decision) >= strictness('approve')) continue;
      issues.push({
        path: `sop.steps[${s}].allowed_tools`,
        message: `step "${step.id}" may call ${tool.id} (${tool.risk}) but the Playbook decides "${decision}" for it: a step that writes or sends needs an approval (tool_policies: {${tool.id}: approve})`,
      });
    }
  });
  return issues;
}
