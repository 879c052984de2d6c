// Judging a draft: the validator POST /playbooks uses (with the registry check the create tool adds,
// src/tools/kbagent/create-draft.ts), then the governance rules a save does not enforce. And the
// review question a person answers, with the draft's outline and its diff.
import type { PlaybookSpec } from '../../../src/domain/playbook';
import { checkPlaybookDocument, registeredIn, type DraftIssue } from '../../../src/tools/kbagent/create-draft';
import type { RegistryTool } from './inventory';

export type Verdict = { valid: boolean; errors: DraftIssue[]; spec?: PlaybookSpec };

export function judge(text: string, registry: readonly RegistryTool[], ceilingUsd: number): Verdict {
  const check = checkPlaybookDocument(text, registeredIn(registry.map((t) => t.id)));
  if (!check.spec) return { valid: false, errors: check.errors };
  const spec = check.spec;
  const errors = [...check.errors];
  if (!spec.triggers.some((t) => t.type === 'manual')) errors.push({ path: 'triggers', message: 'needs a manual trigger, so a person can always run it' });
  if (spec.budget.max_usd_per_run > ceilingUsd) errors.push({ path: 'budget.max_usd_per_run', message: `${spec.budget.max_usd_per_run} is above the ceiling of ${ceilingUsd} USD per run` });
  for (const risk of ['external_send', 'destructive'] as const) {
    if (!spec.risk_policy[risk]) errors.push({ path: `risk_policy.${risk}`, message: 'must be set (approve or stricter), so no tenant default can loosen it' });
  }
  spec.sop.steps.forEach((step, s) => {
    step.allowed_tools.forEach((id, t) => {
      const skill = /^skill\.([a-z0-9][a-z0-9_-]*)\.[a-z0-9_*-]+$/.exec(id)?.[1];
      if (skill && id !== 'skill.load_reference' && id !== 'skill.save_context' && !spec.skills.includes(skill)) {
        errors.push({ path: `sop.steps[${s}].allowed_tools[${t}]`, message: `"${id}" belongs to skill "${skill}", which the Playbook's skills do not list` });
      }
    });
  });
  return { valid: errors.length === 0, errors, spec };
}

export type Outline = { name: string; goal: string; steps: { id: string; title: string; tools: string[] }[]; inputs: string[]; triggers: string[]; budget: PlaybookSpec['budget']; approvals: string[] };

export function outline(spec: PlaybookSpec, registry: readonly RegistryTool[]): Outline {
  const riskOf = (id: string) => registry.find((t) => t.id === id)?.risk;
  const gated = [...new Set(spec.sop.steps.flatMap((s) => s.allowed_tools))].filter((id) => ['write', 'external_send', 'destructive'].includes(riskOf(id) ?? '') && id !== 'kbagent.workspace_artifact');
  return {
    name: spec.name,
    goal: spec.sop.goal,
    steps: spec.sop.steps.map((s) => ({ id: s.id, title: s.title, tools: s.allowed_tools })),
    inputs: spec.inputs.map((i) => `${i.name} (${i.type}${i.default !== undefined ? `, default ${JSON.stringify(i.default)}` : ', required'})`),
    triggers: spec.triggers.map((t) => (t.type === 'cron' ? `cron ${t.expression} ${t.timezone}` : t.type)),
    budget: spec.budget,
    approvals: gated.map((id) => `${id} (${riskOf(id)}): ${spec.tool_policies[id] ?? spec.risk_policy[riskOf(id)!] ?? 'tenant default'}`),
  };
}

/** What the review question's prompt may hold (kbagent.human_in_loop allows 8,000 characters). */
const PROMPT_MAX = 7_800;

export function reviewQuestion(o: Outline, diff: string, diffPath: string) {
  const head = [
    `Review the drafted Playbook "${o.name}".`, '',
    `Goal: ${o.goal}`, '',
    'Steps:', ...o.steps.map((s, i) => `${i + 1}. ${s.title} [${s.tools.join(', ')}]`), '',
    `Inputs: ${o.inputs.join('; ') || 'none'}`,
    `Triggers: ${o.triggers.join('; ')}`,
    `Budget: $${o.budget.max_usd_per_run} per run, ${o.budget.max_tokens_per_run} tokens, ${o.budget.max_wall_clock_seconds} s, on breach ${o.budget.on_breach}`,
    `Approvals it will ask for: ${o.approvals.join('; ') || 'none'}`, '',
    `Diff (${diffPath}):`,
  ].join('\n');
  const room = PROMPT_MAX - head.length - 200;
  const shown = diff.length <= room ? diff : `${diff.slice(0, Math.max(0, room)).replace(/\n[^\n]*$/, '')}\n… (${diff.length - room} more characters in ${diffPath})`;
  return {
    prompt: `${head}\n${shown}`,
    kind: 'radio' as const,
    options: [
      { value: 'accept', label: 'Accept: create it as a draft Playbook (you approve the creation next)' },
      {
        value: 'revise', label: 'Revise with the changes in the comment, then create it', requires_comment: true,
        detail: 'One change per line: "name: <text>", "budget: <USD>", "schedule: <cron expression>", "timezone: <Area/City>", "channel: #<channel>", "remove step <id>", "no schedule".',
      },
      { value: 'discard', label: 'Discard the draft: create nothing' },
    ],
  };
}
