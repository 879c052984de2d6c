import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { PlaybookSpec } from '../../../src/domain/playbook';
import { parseYaml } from '../../../src/yaml';
import { riskReview } from '../lib/governance';
import { readRegistry } from '../lib/inventory';

export const risk = 'compute';

export const description =
  'Package the outcome: on accept (or revise), playbook.yaml (the accepted document), README.md for the people who will run ' +
  'it (what it does, inputs, triggers, the approvals they will be asked for, artifacts, budget, the created draft\'s id or why ' +
  'none was created, and how to import it) and risk-review.md; on discard, README.md with the reason only.';

const Created = z.looseObject({ playbook_id: z.string(), revision: z.number().int(), status: z.string().optional() });

export const args = z.strictObject({
  decision: z.enum(['accept', 'revise', 'discard']),
  created: z.array(Created).max(5).default([]).describe('The outputs of kbagent.playbook.create_draft (none when nothing was created)'),
  reason: z.string().max(4000).default(''),
  draft: z.string().min(1).max(512).default('drafts/playbook.yaml'),
  risk_review: z.string().min(1).max(512).default('design/risk-review.md'),
  registry: z.string().min(1).max(512).default('design/registry.json'),
});

const PERSON = new Set(['approve', 'dry_run_then_approve', 'approve_admin']);

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const text = await ctx.readArtifact(input.draft);
  const spec = PlaybookSpec.parse(parseYaml(text, input.draft));
  if (input.decision === 'discard') {
    const readme = [`# ${spec.name} (discarded)`, '', `The requester discarded this draft${input.reason.trim() ? `: ${input.reason.trim().replace(/[.!]+$/, '')}` : ' without a reason'}. Nothing was created.`, '', `What it would have done: ${spec.sop.goal}`, '', 'The draft and the design notes stay in this run\'s workspace (drafts/, design/).', ''].join('\n');
    await ctx.writeArtifact('README.md', readme, 'text/markdown');
    return { decision: input.decision, playbook_id: null, files: ['README.md'] };
  }
  const registry = await readRegistry(ctx, input.registry);
  const rows = riskReview(spec, registry);
  const created = input.created[0];
  const readme = [
    `# ${spec.name}`, '', spec.sop.goal, '',
    created ? `Created as the draft Playbook \`${created.playbook_id}\` (revision ${created.revision}); open it to review, share or activate it.` : 'Not created: the creation was not approved. Import playbook.yaml as below to create it.', '',
    '## Steps', '', ...spec.sop.steps.map((s, i) => `${i + 1}. **${s.title}** (${s.allowed_tools.join(', ')}): ${s.completion_criteria}`), '',
    '## Inputs', '', '| input | type | default | |', '|---|---|---|---|',
    ...spec.inputs.map((i) => `| ${i.name} | ${i.type} | ${i.default === undefined ? '' : `\`${String(i.default)}\``} | ${[i.required ? 'required' : '', i.locked ? 'fixed by the author' : ''].filter(Boolean).join(', ')} |`), '',
    '## When it runs', '', ...spec.triggers.map((t) => `- ${t.type === 'cron' ? `on the schedule \`${t.expression}\` (${t.timezone})` : t.type === 'manual' ? 'when someone presses Run' : t.type === 'keboola.table_updated' ? `when ${t.table_id} is updated` : t.type}`), '',
    '## What you will be asked', '',
    ...(rows.filter((r) => PERSON.has(r.decision)).map((r) => `- Approve each ${r.tool} call (${r.risk}, steps ${r.steps.join(', ')}): ${r.why}.`)),
    ...(spec.sop.steps.some((s) => s.allowed_tools.includes('kbagent.human_in_loop')) ? ['- Answer the questions of the steps that use kbagent.human_in_loop.'] : []),
    ...(rows.some((r) => PERSON.has(r.decision)) ? [] : ['- Nothing: it only reads and writes its own workspace.']), '',
    '## What it leaves', '', ...spec.sop.artifact_specs.map((a) => `- \`${a.path}\`: ${a.description ?? ''}`), '',
    '## Budget', '', `At most $${spec.budget.max_usd_per_run} and ${spec.budget.max_tokens_per_run} tokens per run, ${spec.budget.max_wall_clock_seconds} s of wall clock; on a breach it ${spec.budget.on_breach === 'abort' ? 'stops' : 'pauses for approval'}.`, '',
    '## Import', '', 'POST playbook.yaml to `/v1/agent-studio/playbooks` with `Content-Type: application/yaml`, or paste it into "+ new playbook". The risk review is in risk-review.md.', '',
  ].join('\n');
  await ctx.writeArtifact('playbook.yaml', text, 'application/yaml');
  await ctx.writeArtifact('risk-review.md', await ctx.readArtifact(input.risk_review), 'text/markdown');
  await ctx.writeArtifact('README.md', readme, 'text/markdown');
  return { decision: input.decision, playbook_id: created?.playbook_id ?? null, files: ['playbook.yaml', 'README.md', 'risk-review.md'] };
}
