// The governance review's rules (blueprint assistant-builder, step governance-review;
// references/governance.md): the budget sized from the step count, the approval settings every draft
// gets, and the risk review, whose decisions come from the Broker's own policy function.
import type { PlaybookSpecInput } from '../../../src/domain/playbook';
import { riskRank, type PolicyDecision, type RiskClass } from '../../../src/domain/risk';
import type { ToolManifest } from '../../../src/domain/tooling';
import { effectiveDecision } from '../../../src/broker/policy';
import { priceOf } from '../../../src/executors/model/prices';
import { DEFAULT_MODELS } from '../../../src/executors/model/resolve';
import type { RegistryTool } from './inventory';

export const TURNS_PER_STEP = 6;
export const TOKENS_PER_TURN = 8_000;
/** Model tokens are mostly prompt: priced as 80 % input, 20 % output. */
const INPUT_SHARE = 0.8;
const HEADROOM = 1.5;
const SECONDS_PER_STEP = 15 * 60;
const MAX_WALL_CLOCK = 3600;

export type Budget = { max_usd_per_run: number; max_tokens_per_run: number; max_wall_clock_seconds: number; on_breach: 'pause_for_approval' };

/**
 * tokens = steps × 6 turns × 8,000, rounded up to the next 100,000; USD from that at the default
 * model's list price with 50 % headroom, never above the requester's ceiling; 15 minutes of wall
 * clock per step, at most an hour.
 */
export function sizeBudget(steps: number, ceilingUsd: number, model: string = DEFAULT_MODELS.anthropic): Budget & { model: string; estimate_usd: number } {
  const tokens = Math.ceil((steps * TURNS_PER_STEP * TOKENS_PER_TURN) / 100_000) * 100_000;
  const { price } = priceOf(model);
  const perToken = (INPUT_SHARE * price.input + (1 - INPUT_SHARE) * price.output) / 1_000_000;
  const estimate = Math.ceil(tokens * perToken * HEADROOM * 100) / 100;
  return {
    max_usd_per_run: Math.max(0.01, Math.min(ceilingUsd, estimate)),
    max_tokens_per_run: tokens,
    max_wall_clock_seconds: Math.min(MAX_WALL_CLOCK, steps * SECONDS_PER_STEP),
    on_breach: 'pause_for_approval',
    model,
    estimate_usd: estimate,
  };
}

/** Every draft's approvals: a body hash on anything that leaves the run, a working day to decide, an undo window on sends. */
export const APPROVAL_POLICY = {
  default_ttl_seconds: 14_400,
  require_body_hash_for: ['write', 'external_send', 'destructive'] as RiskClass[],
  undo_window_seconds_for_external_send: 5,
};

/** No draft loosens these; destructive calls show their dry run before a person approves. */
export const RISK_POLICY: Partial<Record<RiskClass, PolicyDecision>> = { external_send: 'approve', destructive: 'dry_run_then_approve', admin: 'deny' };

export type RiskRow = { tool: string; risk: RiskClass; steps: string[]; decision: PolicyDecision; why: string };

const WHY: Record<PolicyDecision, string> = {
  allow: 'runs without asking',
  dry_run_first: 'runs without asking, after its dry run where it has one',
  approve: 'a person approves each call, with its body hash',
  dry_run_then_approve: 'a person approves each call after seeing its dry run',
  approve_admin: 'an admin approves each call',
  deny: 'refused',
};

/** One row per tool the draft names: its class in the registry, the steps using it, and what the Broker will do (tenant defaults). */
export function riskReview(doc: PlaybookSpecInput, registry: readonly RegistryTool[]): RiskRow[] {
  const steps = new Map<string, string[]>();
  for (const step of doc.sop.steps) for (const id of step.allowed_tools ?? []) steps.set(id, [...(steps.get(id) ?? []), step.id]);
  return [...steps.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, used]) => {
    const matches = registry.filter((t) => (id.endsWith('*') ? t.id.startsWith(id.slice(0, -1)) : t.id === id));
    // A wildcard is as risky as the riskiest tool it matches.
    const tool = matches.sort((a, b) => riskRank(b.risk) - riskRank(a.risk))[0];
    if (!tool) throw new Error(`"${id}" is not in the registry`);
    const decision = effectiveDecision({ tool: { ...tool, id } as ToolManifest, playbookRiskPolicy: doc.risk_policy ?? {}, toolPolicies: doc.tool_policies ?? {} });
    return { tool: id, risk: tool.risk, steps: used, decision, why: WHY[decision] };
  });
}

export function riskReviewMarkdown(name: string, rows: readonly RiskRow[]): string {
  return [
    `# Risk review: ${name}`, '',
    'Decisions at the tenant\'s default policy; a tenant policy or an admin can only make them stricter.', '',
    '| tool | risk class | steps | decision |', '|---|---|---|---|',
    ...rows.map((r) => `| ${r.tool} | ${r.risk} | ${r.steps.join(', ')} | ${r.decision}: ${r.why} |`), '',
    `- Leaves the platform: ${rows.filter((r) => r.risk === 'external_send').map((r) => r.tool).join(', ') || 'nothing'}.`,
    `- Writes outside the run: ${rows.filter((r) => r.risk === 'write' && !['kbagent.workspace_artifact'].includes(r.tool)).map((r) => r.tool).join(', ') || 'nothing'}.`,
    `- Destructive or admin: ${rows.filter((r) => ['destructive', 'admin', 'secret'].includes(r.risk)).map((r) => r.tool).join(', ') || 'nothing'}.`,
    '- Secrets: none in the document; connections hold them.', '',
  ].join('\n');
}
