import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { toYaml } from '../../../src/yaml';
import { buildDraft, inventoryJson, requirementsMarkdown } from '../lib/build';
import { readInventory } from '../lib/inventory';
import { keepPrevious, writeRiskReview } from '../lib/io';
import { TEMPLATE_IDS } from '../lib/templates';

export const risk = 'compute';

export const description =
  'Draft a complete Playbook from the chosen template, the task description and the inventory saved in the workspace (the ' +
  'outputs of keboola.storage.tables action "list" and kbagent.tool_broker.discover): real table and column names, scripted ' +
  'actions and instructions per step, tools only from the registry, inputs, a manual trigger plus the schedule the description ' +
  'asks for, the budget by the governance rule, approvals, and external_send/destructive at approve or stricter. Writes ' +
  'drafts/playbook.yaml (the previous draft, if any, to drafts/previous.yaml), design/requirements.md, design/inventory.json ' +
  'and design/risk-review.md; returns the tables and columns each step reads, for the dry read.';

export const args = z.strictObject({
  template: z.enum(TEMPLATE_IDS),
  task_description: z.string().min(1).max(10_000),
  candidate_tables: z.array(z.string().max(256)).max(50).default([]),
  audience: z.string().max(200).default(''),
  max_usd_per_run: z.number().positive().max(1000).default(2),
  tables: z.string().min(1).max(512).default('design/storage-tables.json').describe('The saved output of keboola.storage.tables (action list)'),
  registry: z.string().min(1).max(512).default('design/registry.json').describe('The saved output of kbagent.tool_broker.discover'),
  output: z.string().min(1).max(512).default('drafts/playbook.yaml'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const inventory = await readInventory(ctx, input.tables, input.registry);
  const draft = buildDraft(input, inventory);
  const yaml = toYaml(draft.doc);
  const files = { draft: input.output, previous: 'drafts/previous.yaml', requirements: 'design/requirements.md', inventory: 'design/inventory.json', risk_review: 'design/risk-review.md' };
  const kept = await keepPrevious(ctx, files.draft, files.previous, yaml);
  await ctx.writeArtifact(files.draft, yaml, 'application/yaml');
  await ctx.writeArtifact(files.requirements, requirementsMarkdown(input, draft), 'text/markdown');
  const inventoryOut = inventoryJson(draft, inventory);
  await ctx.writeArtifact(files.inventory, JSON.stringify(inventoryOut, null, 2), 'application/json');
  const review = await writeRiskReview(ctx, files.risk_review, draft.doc, inventory.tools);
  return {
    name: draft.doc.name,
    template: input.template,
    tables: draft.plan.tables.map((t) => t.id),
    columns: draft.plan.columns,
    reads: draft.pattern.reads,
    steps: draft.doc.sop.steps.map((s) => s.id),
    tools: inventoryOut.tools,
    budget: draft.budget,
    triggers: draft.doc.triggers,
    risk_review: review,
    previous_draft_kept: kept,
    files,
  };
}
